// Connection discipline for SQLite: exactly one writer connection (serialised by a mutex,
// every write in BEGIN IMMEDIATE) and a pool of reader connections that WAL lets run
// concurrently with the writer. Callers lease a connection for the span of one operation.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "store/db.hpp"

namespace shipboard::db {

class Pool {
 public:
  Pool(const std::string& path, int readers, const OpenOptions& options);

  class Lease {
   public:
    Lease(Pool& p, Connection* c, bool writer) : pool_(&p), conn_(c), writer_(writer) {}
    Lease(Lease&& o) noexcept : pool_(o.pool_), conn_(o.conn_), writer_(o.writer_) {
      o.conn_ = nullptr;
    }
    Lease(const Lease&) = delete;
    ~Lease() {
      if (conn_) pool_->release(conn_, writer_);
    }
    Connection& operator*() const { return *conn_; }
    Connection* operator->() const { return conn_; }

   private:
    Pool* pool_;
    Connection* conn_;
    bool writer_;
  };

  Lease reader();
  Lease writer();
  // Told how long each writer lease was held, in seconds (GET /metrics); set before serving.
  void set_write_observer(std::function<void(double)> f) { write_observer_ = std::move(f); }

 private:
  void release(Connection* c, bool writer);
  std::unique_ptr<Connection> writer_conn_;
  std::vector<std::unique_ptr<Connection>> readers_;
  std::vector<Connection*> free_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool writer_busy_ = false;
  std::condition_variable writer_cv_;
  std::chrono::steady_clock::time_point writer_since_;
  std::function<void(double)> write_observer_;
};

}  // namespace shipboard::db
