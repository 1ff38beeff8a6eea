// The outbound address guard without a server: the classifier on the first and last address of
// every block and one just outside, the --outbound-allow parser, check_webhook_url; then the
// guarded client end to end against a receiver on loopback started here. Nothing is ever sent
// off this machine: connections go only to 127.0.0.0/8 and ::1 ("localhost" is the only name,
// and libcurl answers it itself); public addresses are documentation examples, only classified.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <atomic>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "outbound/address_guard.hpp"
#include "outbound/http_client.hpp"
#include "server_fixture.hpp"

using namespace shipboard::server::outbound;
using shipboard::test::free_port;

namespace {

AddressPolicy allowing(const std::string& csv) {
  AddressPolicy p;
  auto error = parse_allow_list(csv, p);
  INFO(csv);
  REQUIRE_FALSE(error);
  return p;
}

// A literal address as a socket address (port 0).
sockaddr_storage socket_address(const std::string& text) {
  sockaddr_storage out{};
  auto* v4 = reinterpret_cast<sockaddr_in*>(&out);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&out);
  if (inet_pton(AF_INET, text.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
  } else {
    REQUIRE(inet_pton(AF_INET6, text.c_str(), &v6->sin6_addr) == 1);
    v6->sin6_family = AF_INET6;
  }
  return out;
}

std::optional<std::string> refused_text(const AddressPolicy& p, const std::string& text) {
  auto a = socket_address(text);
  return refused(p, reinterpret_cast<const sockaddr*>(&a));
}

// An HTTP receiver on a loopback address, on a port of its own, in a thread.
class Receiver {
 public:
  explicit Receiver(std::string host = "127.0.0.1") : host_(std::move(host)) {
    server_.set_pre_routing_handler([this](const httplib::Request&, httplib::Response&) {
      ++requests_;
      return httplib::Server::HandlerResponse::Unhandled;
    });
    server_.Post("/", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard<std::mutex> lock(mutex_);
      bodies_.push_back(req.body);
      res.set_content("delivered", "text/plain");
    });
    server_.Post("/redirect", [](const httplib::Request&, httplib::Response& res) {
      res.set_redirect("/target", 302);
    });
    server_.Post("/target", [this](const httplib::Request&, httplib::Response& res) {
      ++target_hits_;
      res.set_content("followed", "text/plain");
    });
    server_.Get("/bytes", [](const httplib::Request& req, httplib::Response& res) {
      res.set_content(std::string(std::stoul(req.get_param_value("n")), 'x'), "text/plain");
    });
    server_.Get("/chunked", [](const httplib::Request&, httplib::Response& res) {
      res.set_chunked_content_provider("text/plain", [](std::size_t, httplib::DataSink& sink) {
        const std::string piece(16 * 1024, 'y');
        for (int i = 0; i < 8; ++i)  // 128 KiB, no Content-Length
          if (!sink.write(piece.data(), piece.size())) return false;
        sink.done();
        return true;
      });
    });
    port_ = server_.bind_to_any_port(host_);
    if (port_ > 0) {
      thread_ = std::thread([this] { server_.listen_after_bind(); });
      server_.wait_until_ready();
    }
  }
  ~Receiver() {
    if (thread_.joinable()) {
      server_.stop();
      thread_.join();
    }
  }
  bool listening() const { return port_ > 0; }
  int port() const { return port_; }
  std::string url(const std::string& path = "/", const std::string& host = "") const {
    return "http://" + (host.empty() ? host_ : host) + ":" + std::to_string(port_) + path;
  }
  int requests() const { return requests_; }
  int target_hits() const { return target_hits_; }
  std::vector<std::string> bodies() {
    std::lock_guard<std::mutex> lock(mutex_);
    return bodies_;
  }

 private:
  std::string host_;
  httplib::Server server_;
  std::thread thread_;
  int port_ = -1;
  std::atomic<int> requests_{0}, target_hits_{0};
  std::mutex mutex_;
  std::vector<std::string> bodies_;
};

Request post(const std::string& url, const std::string& body = "{\"event\":\"ping\"}") {
  Request r;
  r.method = "POST";
  r.url = url;
  r.headers = {{"Content-Type", "application/json"}};
  r.body = body;
  return r;
}

Limits guarded(const AddressPolicy& policy) {
  Limits l;
  l.connect_timeout_ms = 2000;
  l.total_timeout_ms = 5000;
  l.max_body_bytes = 64 * 1024;
  l.guard = &policy;
  return l;
}

}  // namespace

TEST_CASE("IPv4 addresses are classified by block, first, last and just outside", "[outbound]") {
  struct Case {
    const char* address;
    AddressClass expected;
  };
  const Case cases[] = {
      {"0.0.0.0", AddressClass::unspecified},
      {"0.255.255.255", AddressClass::unspecified},
      {"127.0.0.0", AddressClass::loopback},
      {"127.0.0.1", AddressClass::loopback},
      {"127.255.255.255", AddressClass::loopback},
      {"126.255.255.255", AddressClass::public_},
      {"128.0.0.0", AddressClass::public_},
      {"10.0.0.0", AddressClass::private_},
      {"10.255.255.255", AddressClass::private_},
      {"9.255.255.255", AddressClass::public_},
      {"11.0.0.0", AddressClass::public_},
      {"172.16.0.0", AddressClass::private_},
      {"172.31.255.255", AddressClass::private_},
      {"172.15.255.255", AddressClass::public_},
      {"172.32.0.0", AddressClass::public_},
      {"192.168.0.0", AddressClass::private_},
      {"192.168.255.255", AddressClass::private_},
      {"192.167.255.255", AddressClass::public_},
      {"192.169.0.0", AddressClass::public_},
      {"169.254.0.0", AddressClass::link_local},
      {"169.254.169.254", AddressClass::link_local},  // cloud metadata
      {"169.254.255.255", AddressClass::link_local},
      {"169.253.255.255", AddressClass::public_},
      {"169.255.0.0", AddressClass::public_},
      {"100.64.0.0", AddressClass::cgnat},
      {"100.127.255.255", AddressClass::cgnat},
      {"100.63.255.255", AddressClass::public_},
      {"100.128.0.0", AddressClass::public_},
      {"224.0.0.0", AddressClass::multicast},
      {"239.255.255.255", AddressClass::multicast},
      {"223.255.255.255", AddressClass::public_},
      {"240.0.0.0", AddressClass::reserved},
      {"255.255.255.254", AddressClass::reserved},
      {"255.255.255.255", AddressClass::broadcast},
      {"192.0.0.0", AddressClass::reserved},
      {"192.0.0.255", AddressClass::reserved},
      {"191.255.255.255", AddressClass::public_},
      {"192.0.1.0", AddressClass::public_},
      {"198.18.0.0", AddressClass::reserved},
      {"198.19.255.255", AddressClass::reserved},
      {"198.17.255.255", AddressClass::public_},
      {"198.20.0.0", AddressClass::public_},
      // Documentation blocks are not internal: public (classified only, never connected to).
      {"192.0.2.1", AddressClass::public_},
      {"198.51.100.7", AddressClass::public_},
      {"203.0.113.5", AddressClass::public_},
  };
  for (const auto& c : cases) {
    INFO(c.address);
    CHECK(classify(std::string(c.address)) == c.expected);
    auto a = socket_address(c.address);
    CHECK(classify(reinterpret_cast<const sockaddr*>(&a)) == c.expected);
  }
}

TEST_CASE("IPv6 addresses are classified by block and by the IPv4 address they carry",
          "[outbound]") {
  struct Case {
    const char* address;
    AddressClass expected;
  };
  const Case cases[] = {
      {"::", AddressClass::unspecified},
      {"::1", AddressClass::loopback},
      {"fe80::", AddressClass::link_local},
      {"fe80::1", AddressClass::link_local},
      {"febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff", AddressClass::link_local},
      {"fec0::1", AddressClass::reserved},  // deprecated site-local, just after fe80::/10
      {"fc00::", AddressClass::unique_local},
      {"fc00::1", AddressClass::unique_local},
      {"fd12::1", AddressClass::unique_local},
      {"fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", AddressClass::unique_local},
      {"fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", AddressClass::reserved},
      {"fe00::", AddressClass::reserved},
      {"ff00::", AddressClass::multicast},
      {"ff02::1", AddressClass::multicast},
      {"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", AddressClass::multicast},
      {"2001:db8::", AddressClass::reserved},
      {"2001:db8::1", AddressClass::reserved},
      {"2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", AddressClass::reserved},
      {"2001:db7:ffff:ffff:ffff:ffff:ffff:ffff", AddressClass::public_},
      {"2001:db9::", AddressClass::public_},
      {"100::", AddressClass::reserved},
      {"100::ffff:ffff:ffff:ffff", AddressClass::reserved},
      {"2001::1", AddressClass::reserved},                                  // Teredo
      {"1fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", AddressClass::reserved},  // below 2000::/3
      {"2000::", AddressClass::public_},
      {"3fff::1", AddressClass::public_},  // documentation (RFC 9637), inside 2000::/3
      {"3fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", AddressClass::public_},
      {"4000::", AddressClass::reserved},
      // IPv4-mapped.
      {"::ffff:127.0.0.1", AddressClass::loopback},
      {"::ffff:10.1.2.3", AddressClass::private_},
      {"::ffff:169.254.169.254", AddressClass::link_local},
      {"::ffff:100.64.0.1", AddressClass::cgnat},
      {"::ffff:0.0.0.0", AddressClass::unspecified},
      {"::ffff:255.255.255.255", AddressClass::broadcast},
      {"::ffff:203.0.113.5", AddressClass::public_},
      // IPv4-compatible.
      {"::127.0.0.1", AddressClass::loopback},
      {"::10.0.0.1", AddressClass::private_},
      {"::0.0.0.2", AddressClass::unspecified},
      {"::203.0.113.5", AddressClass::public_},
      // NAT64 (64:ff9b::/96), and the local-use 64:ff9b:1::/48, which is not global.
      {"64:ff9b::a00:1", AddressClass::private_},
      {"64:ff9b::7f00:1", AddressClass::loopback},
      {"64:ff9b::a9fe:a9fe", AddressClass::link_local},
      {"64:ff9b::cb00:7105", AddressClass::public_},
      {"64:ff9b:1::a00:1", AddressClass::reserved},
      // 6to4.
      {"2002:7f00:1::1", AddressClass::loopback},
      {"2002:c0a8:101::1", AddressClass::private_},
      {"2002:cb00:7105::1", AddressClass::public_},
      // IPv4-translated (::ffff:0:a.b.c.d): outside 2000::/3.
      {"::ffff:0:7f00:1", AddressClass::reserved},
  };
  for (const auto& c : cases) {
    INFO(c.address);
    CHECK(classify(std::string(c.address)) == c.expected);
    auto a = socket_address(c.address);
    CHECK(classify(reinterpret_cast<const sockaddr*>(&a)) == c.expected);
  }
}

TEST_CASE("Strings and sockets that are not IP addresses are invalid", "[outbound]") {
  for (const char* text : {"", "localhost", "127.1", "1.2.3.4.5", "[::1]", "::1%lo", "10.0.0.0/8",
                           " 127.0.0.1", "example.test"}) {
    INFO(text);
    CHECK(classify(std::string(text)) == AddressClass::invalid);
  }
  sockaddr_un unix_socket{};
  unix_socket.sun_family = AF_UNIX;
  const auto* sa = reinterpret_cast<const sockaddr*>(&unix_socket);
  CHECK(classify(sa) == AddressClass::invalid);
  CHECK(classify(static_cast<const sockaddr*>(nullptr)) == AddressClass::invalid);
  CHECK(refused(AddressPolicy{}, sa).has_value());
  CHECK(refused(allowing("0.0.0.0/0,::/0"), sa).has_value());
}

TEST_CASE("Each class has a short name for messages", "[outbound]") {
  CHECK(std::string(describe(AddressClass::public_)) == "a public address");
  CHECK(std::string(describe(AddressClass::loopback)) == "a loopback address");
  CHECK(std::string(describe(AddressClass::private_)) == "a private address");
  CHECK(std::string(describe(AddressClass::link_local)) == "a link-local address");
  CHECK(std::string(describe(AddressClass::cgnat)) == "a carrier-grade NAT address");
  CHECK(std::string(describe(AddressClass::multicast)) == "a multicast address");
  CHECK(std::string(describe(AddressClass::unspecified)) == "an unspecified address");
  CHECK(std::string(describe(AddressClass::unique_local)) == "a unique local address");
  CHECK(std::string(describe(AddressClass::broadcast)) == "the broadcast address");
  CHECK(std::string(describe(AddressClass::reserved)) == "a reserved address");
  CHECK(std::string(describe(AddressClass::invalid)) == "not an IP address");
}

TEST_CASE("refused allows public addresses and the allow blocks, and says why otherwise",
          "[outbound]") {
  const AddressPolicy none;
  CHECK(
      refused_text(none, "127.0.0.1") ==
      std::optional<std::string>("127.0.0.1 is a loopback address; --outbound-allow must name it"));
  CHECK(refused_text(none, "::1") ==
        std::optional<std::string>("::1 is a loopback address; --outbound-allow must name it"));
  CHECK(refused_text(none, "10.0.0.7") ==
        std::optional<std::string>("10.0.0.7 is a private address; --outbound-allow must name it"));
  CHECK(refused_text(none, "::ffff:127.0.0.1")->find("::ffff:127.0.0.1 is a loopback address") ==
        0);
  CHECK(refused_text(none, "64:ff9b::a9fe:a9fe")->find("is a link-local address") !=
        std::string::npos);
  CHECK_FALSE(refused_text(none, "203.0.113.5"));
  CHECK_FALSE(refused_text(none, "3fff::1"));

  const auto loopback = allowing("127.0.0.0/8");
  CHECK_FALSE(refused_text(loopback, "127.0.0.1"));
  CHECK_FALSE(refused_text(loopback, "127.255.255.255"));
  CHECK_FALSE(refused_text(loopback, "::ffff:127.0.0.1"));  // mapped counts as IPv4
  CHECK(refused_text(loopback, "::1"));                     // ::1 is a block of its own
  CHECK(refused_text(loopback, "10.0.0.1"));
  CHECK_FALSE(refused_text(loopback, "203.0.113.5"));

  const auto one = allowing("127.0.0.2/32");
  CHECK(refused_text(one, "127.0.0.1"));
  CHECK_FALSE(refused_text(one, "127.0.0.2"));
  CHECK(refused_text(one, "127.0.0.3"));

  const auto v6 = allowing("::1,fd00::/8");
  CHECK_FALSE(refused_text(v6, "::1"));
  CHECK_FALSE(refused_text(v6, "fd12::1"));
  CHECK(refused_text(v6, "fc00::1"));
  CHECK(refused_text(v6, "127.0.0.1"));

  // The allow list names addresses as connected to: a NAT64 form needs its own block.
  const auto ten = allowing("10.0.0.0/8");
  CHECK_FALSE(refused_text(ten, "10.1.2.3"));
  CHECK(refused_text(ten, "64:ff9b::a00:1"));
  CHECK_FALSE(refused_text(allowing("64:ff9b::/96"), "64:ff9b::a00:1"));

  auto a = socket_address("127.0.0.2");
  const auto* sa = reinterpret_cast<const sockaddr*>(&a);
  CHECK(cidr_contains(*shipboard::server::parse_cidr("127.0.0.0/30"), sa));
  CHECK_FALSE(cidr_contains(*shipboard::server::parse_cidr("127.0.0.0/31"), sa));
  CHECK(allowed_by_list(one, sa));
  CHECK(address_text(sa) == "127.0.0.2");
}

TEST_CASE("Plain http goes only to an address inside the allow blocks", "[outbound]") {
  auto check = [](const AddressPolicy& p, const std::string& address, const std::string& scheme) {
    auto a = socket_address(address);
    return refused_connection(p, reinterpret_cast<const sockaddr*>(&a), scheme);
  };
  const AddressPolicy none;
  CHECK_FALSE(check(none, "203.0.113.5", "https"));
  auto why = check(none, "203.0.113.5", "http");
  REQUIRE(why);
  CHECK(why->find("plain http to 203.0.113.5") == 0);
  CHECK(check(none, "127.0.0.1", "http")->find("is a loopback address") != std::string::npos);
  CHECK(check(none, "203.0.113.5", "ftp"));
  const auto loopback = allowing("127.0.0.0/8");
  CHECK_FALSE(check(loopback, "127.0.0.1", "http"));
  CHECK_FALSE(check(loopback, "127.0.0.1", "https"));
  CHECK(check(loopback, "203.0.113.5", "http"));
  CHECK_FALSE(check(allowing("203.0.113.0/24"), "203.0.113.5", "http"));
}

TEST_CASE("--outbound-allow takes addresses and CIDR blocks, and names a bad entry", "[outbound]") {
  AddressPolicy p;
  CHECK_FALSE(parse_allow_list("", p));
  CHECK(p.allow.empty());
  CHECK_FALSE(parse_allow_list("  ", p));
  CHECK(p.allow.empty());
  REQUIRE_FALSE(parse_allow_list("127.0.0.0/8", p));
  REQUIRE(p.allow.size() == 1);
  CHECK_FALSE(p.allow[0].v6);
  CHECK(p.allow[0].prefix == 8);
  CHECK(p.allow[0].bytes[0] == 127);
  REQUIRE_FALSE(parse_allow_list("10.0.0.0/8, 192.168.1.5 ,::1/128,fd00::/8", p));
  REQUIRE(p.allow.size() == 4);
  CHECK(p.allow[1].prefix == 32);
  CHECK(p.allow[2].v6);
  CHECK(p.allow[2].prefix == 128);
  CHECK(p.allow[3].prefix == 8);
  REQUIRE_FALSE(parse_allow_list("0.0.0.0/0,::/0", p));
  CHECK(p.allow.size() == 2);
  REQUIRE_FALSE(parse_allow_list("::ffff:10.0.0.1", p));  // mapped: IPv4
  CHECK_FALSE(p.allow[0].v6);

  REQUIRE_FALSE(parse_allow_list("127.0.0.0/8", p));
  struct Bad {
    const char* csv;
    const char* named;
  };
  for (const Bad& bad : {Bad{"10.0.0.0/33", "\"10.0.0.0/33\""}, Bad{"::/129", "\"::/129\""},
                         Bad{"example.test", "\"example.test\""}, Bad{"127.1", "\"127.1\""},
                         Bad{"10.0.0.0/", "\"10.0.0.0/\""}, Bad{"10.0.0.0/-1", "\"10.0.0.0/-1\""},
                         Bad{"10.0.0.0/8,,::1", "\"\""}, Bad{"10.0.0.0/8,", "\"\""},
                         Bad{"10.0.0.0/8,bogus", "\"bogus\""},
                         Bad{"10.0.0.0/8;::1", "\"10.0.0.0/8;::1\""}, Bad{"[::1]", "\"[::1]\""}}) {
    INFO(bad.csv);
    auto error = parse_allow_list(bad.csv, p);
    REQUIRE(error);
    CHECK(error->find("--outbound-allow") == 0);
    CHECK(error->find(bad.named) != std::string::npos);
    REQUIRE(p.allow.size() == 1);  // unchanged
    CHECK(p.allow[0].prefix == 8);
  }
}

TEST_CASE("check_webhook_url refuses what a webhook must not point at", "[outbound]") {
  const AddressPolicy none;
  const std::string https_only =
      "must use https (plain http only to an address --outbound-allow names)";
  using opt = std::optional<std::string>;

  CHECK_FALSE(check_webhook_url("https://hooks.example.com/services/x?a=1", none));
  CHECK_FALSE(check_webhook_url("https://hooks.example.com:8443/x", none));
  CHECK_FALSE(check_webhook_url("https://hooks.example.com/x", none));
  CHECK_FALSE(check_webhook_url("https://[3fff::1]/x", none));

  for (const char* url : {"https://user:pass@hooks.example.com/", "https://user@hooks.example.com/",
                          "https://:secret@hooks.example.com/", "http://u:p@127.0.0.1/"}) {
    INFO(url);
    CHECK(check_webhook_url(url, allowing("127.0.0.0/8")) ==
          opt("must not carry a user name or password"));
  }
  for (const char* url : {"", "not a url", "hooks.example.com/x", "https://", "/relative/path",
                          "https://hooks.example.com:99999/", "file:///etc/passwd"}) {
    INFO(url);
    CHECK(check_webhook_url(url, none) == opt("must be an absolute https URL"));
  }
  for (const char* url :
       {"ftp://hooks.example.com/", "gopher://hooks.example.com/", "dict://hooks.example.com/"}) {
    INFO(url);
    CHECK(check_webhook_url(url, none) == opt("must use https"));
  }
  CHECK(check_webhook_url("http://hooks.example.com/", none) == opt(https_only));
  CHECK(check_webhook_url("http://hooks.example.com/", allowing("10.0.0.0/8")) == opt(https_only));
  CHECK(check_webhook_url("http://hooks.example.com/", none) == opt(https_only));

  // Literal addresses the guard refuses, in every spelling libcurl accepts.
  CHECK(check_webhook_url("https://127.0.0.1/", none) ==
        opt("127.0.0.1 is a loopback address; --outbound-allow must name it"));
  CHECK(check_webhook_url("https://[::1]:8443/", none) ==
        opt("::1 is a loopback address; --outbound-allow must name it"));
  for (const char* url :
       {"https://2130706433/", "https://0x7f.1/", "https://127.1/", "https://[::ffff:127.0.0.1]/",
        "https://127.3.2.1/", "https://[::ffff:7f00:1]/", "https://0.0.0.0/", "https://[::]/"}) {
    INFO(url);
    auto why = check_webhook_url(url, none);
    REQUIRE(why);
    CHECK(why->find("; --outbound-allow must name it") != std::string::npos);
  }

  // localhost: libcurl answers it with 127.0.0.1 and ::1, so it counts as loopback.
  for (const char* url : {"https://localhost/", "http://localhost:8080/", "https://LOCALHOST./",
                          "https://hooks.localhost/"}) {
    INFO(url);
    auto why = check_webhook_url(url, none);
    REQUIRE(why);
    CHECK(why->find("is a loopback address") != std::string::npos);
  }

  const auto loopback = allowing("127.0.0.0/8");
  CHECK_FALSE(check_webhook_url("http://127.0.0.1:8080/hook", loopback));
  CHECK_FALSE(check_webhook_url("https://127.0.0.1:8443/hook", loopback));
  CHECK_FALSE(check_webhook_url("http://localhost:8080/hook", loopback));
  CHECK_FALSE(check_webhook_url("https://localhost/hook", loopback));
  CHECK(check_webhook_url("http://[::1]:8080/", loopback));
  CHECK_FALSE(check_webhook_url("http://[::1]:8080/", allowing("::1")));
  CHECK_FALSE(check_webhook_url("http://localhost:8080/", allowing("::1")));
  CHECK(check_webhook_url("http://localhost:8080/", allowing("10.0.0.0/8")));
  CHECK_FALSE(check_webhook_url("http://127.3.2.1/", allowing("127.3.0.0/16")));
  CHECK(check_webhook_url("http://127.3.2.1/", allowing("127.0.0.0/16,127.2.0.0/16")));
}

TEST_CASE("Without a guard the client still reaches loopback over http", "[outbound]") {
  Receiver receiver;
  REQUIRE(receiver.listening());
  Response r = send(post(receiver.url()));
  CHECK(r.error == "");
  CHECK(r.status == 200);
  CHECK_FALSE(r.refused);
  CHECK(receiver.bodies() == std::vector<std::string>{"{\"event\":\"ping\"}"});
}

TEST_CASE("A guard with no allow list refuses loopback at connect time", "[outbound]") {
  Receiver receiver;
  REQUIRE(receiver.listening());
  const AddressPolicy none;

  Response r = send(post(receiver.url()), guarded(none));
  CHECK(r.refused);
  CHECK(r.status == 0);
  CHECK_FALSE(r.ok());
  CHECK(r.error == "refused: 127.0.0.1 is a loopback address; --outbound-allow must name it");

  // A name is refused after resolution, on the addresses it resolved to.
  r = send(post(receiver.url("/", "localhost")), guarded(none));
  CHECK(r.refused);
  CHECK(r.error.find("refused: ") == 0);
  CHECK(r.error.find(" is a loopback address") != std::string::npos);

  r = send(post(receiver.url("/", "[::1]")), guarded(none));
  CHECK(r.refused);
  CHECK(r.error == "refused: ::1 is a loopback address; --outbound-allow must name it");

  r = send(post(receiver.url("/", "127.1")), guarded(none));  // another spelling
  CHECK(r.refused);

  // https is refused the same way, before any TLS.
  r = send(post("https://127.0.0.1:" + std::to_string(receiver.port()) + "/"), guarded(none));
  CHECK(r.refused);
  CHECK(r.error.find("refused: 127.0.0.1 is a loopback address") == 0);

  r = send(post("ftp://127.0.0.1:" + std::to_string(receiver.port()) + "/"), guarded(none));
  CHECK(r.refused);

  CHECK(receiver.requests() == 0);
  CHECK(receiver.bodies().empty());
}

TEST_CASE("A guard delivers to loopback the allow list names", "[outbound]") {
  Receiver receiver;
  REQUIRE(receiver.listening());
  const auto loopback = allowing("127.0.0.0/8");

  Response r = send(post(receiver.url(), "{\"n\":1}"), guarded(loopback));
  CHECK(r.error == "");
  CHECK(r.status == 200);
  CHECK_FALSE(r.refused);
  CHECK(r.body == "delivered");

  // localhost: ::1 is refused (not in the list), 127.0.0.1 is allowed and answers.
  r = send(post(receiver.url("/", "localhost"), "{\"n\":2}"), guarded(loopback));
  CHECK(r.error == "");
  CHECK(r.status == 200);
  CHECK_FALSE(r.refused);

  CHECK(receiver.bodies() == std::vector<std::string>{"{\"n\":1}", "{\"n\":2}"});
}

TEST_CASE("An allow list naming 127.0.0.2 only refuses 127.0.0.1", "[outbound]") {
  Receiver one;
  REQUIRE(one.listening());
  const auto only_two = allowing("127.0.0.2/32");
  Response r = send(post(one.url()), guarded(only_two));
  CHECK(r.refused);
  CHECK(r.error == "refused: 127.0.0.1 is a loopback address; --outbound-allow must name it");
  CHECK(one.requests() == 0);

  Receiver two("127.0.0.2");
  if (!two.listening()) {
    WARN("cannot listen on 127.0.0.2 here; skipping the delivery half");
    return;
  }
  r = send(post(two.url(), "{\"to\":2}"), guarded(only_two));
  CHECK(r.error == "");
  CHECK(r.status == 200);
  CHECK(two.bodies() == std::vector<std::string>{"{\"to\":2}"});
}

TEST_CASE("A guarded send does not follow redirects", "[outbound]") {
  Receiver receiver;
  REQUIRE(receiver.listening());
  const auto loopback = allowing("127.0.0.0/8");
  Response r = send(post(receiver.url("/redirect")), guarded(loopback));
  CHECK(r.error == "");
  CHECK(r.status == 302);
  CHECK_FALSE(r.ok());
  CHECK_FALSE(r.refused);
  CHECK(receiver.requests() == 1);
  CHECK(receiver.target_hits() == 0);
}

TEST_CASE("A guarded send caps the answer's body", "[outbound]") {
  Receiver receiver;
  REQUIRE(receiver.listening());
  const auto loopback = allowing("127.0.0.0/8");
  Request get;
  const std::string base = receiver.url("/bytes?n=");

  get.url = base + std::to_string(64 * 1024);  // exactly the limit
  Response r = send(get, guarded(loopback));
  CHECK(r.error == "");
  CHECK(r.status == 200);
  CHECK(r.body.size() == 64 * 1024);

  get.url = base + std::to_string(64 * 1024 + 1);  // one byte over, announced by Content-Length
  r = send(get, guarded(loopback));
  CHECK(r.error == "the answer is larger than 65536 bytes");
  CHECK_FALSE(r.refused);
  CHECK_FALSE(r.ok());

  get.url = receiver.url("/chunked");  // 128 KiB without a Content-Length
  r = send(get, guarded(loopback));
  CHECK(r.error == "the answer is larger than 65536 bytes");
  CHECK_FALSE(r.refused);
}

TEST_CASE("A network error under a guard is not a refusal", "[outbound]") {
  const auto loopback = allowing("127.0.0.0/8");
  // A loopback port nobody listens on (free_port closes its socket again).
  Response r =
      send(post("http://127.0.0.1:" + std::to_string(free_port()) + "/"), guarded(loopback));
  CHECK_FALSE(r.refused);
  CHECK_FALSE(r.error.empty());
  CHECK(r.error.find("refused:") != 0);
  CHECK(r.status == 0);
}
