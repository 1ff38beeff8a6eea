// One writer, N readers; see pool.hpp.
#include "store/pool.hpp"

namespace shipboard::db {

Pool::Pool(const std::string& path, int readers, const OpenOptions& options) {
  writer_conn_ = std::make_unique<Connection>(path, options);
  OpenOptions ro = options;
  ro.read_only = true;
  for (int i = 0; i < readers; ++i) {
    readers_.push_back(std::make_unique<Connection>(path, ro));
    free_.push_back(readers_.back().get());
  }
}

Pool::Lease Pool::reader() {
  std::unique_lock lock(mutex_);
  cv_.wait(lock, [&] { return !free_.empty(); });
  Connection* c = free_.back();
  free_.pop_back();
  return Lease(*this, c, false);
}

Pool::Lease Pool::writer() {
  std::unique_lock lock(mutex_);
  writer_cv_.wait(lock, [&] { return !writer_busy_; });
  writer_busy_ = true;
  writer_since_ = std::chrono::steady_clock::now();
  return Lease(*this, writer_conn_.get(), true);
}

void Pool::release(Connection* c, bool writer) {
  if (writer && write_observer_)
    write_observer_(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - writer_since_).count());
  std::lock_guard lock(mutex_);
  if (writer) {
    writer_busy_ = false;
    writer_cv_.notify_one();
  } else {
    free_.push_back(c);
    cv_.notify_one();
  }
}

}  // namespace shipboard::db
