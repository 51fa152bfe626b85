#include "http_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>

namespace sigv4::serve {
namespace {

int to_millis(time_t sec, time_t usec) { return static_cast<int>(sec * 1000 + usec / 1000); }

// Waits up to `millis` for `events` on the socket; true when they (or an error/hang-up) arrived.
bool wait_for(socket_t sock, short events, int millis) {
  pollfd p{sock, events, 0};
  for (;;) {
    const int n = ::poll(&p, 1, millis);
    if (n < 0 && errno == EINTR) continue;
    return n > 0;
  }
}

void address_of(socket_t sock, bool peer, std::string& ip, int& port) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  const int rc = peer ? ::getpeername(sock, reinterpret_cast<sockaddr*>(&addr), &len)
                      : ::getsockname(sock, reinterpret_cast<sockaddr*>(&addr), &len);
  if (rc != 0) return;
  char text[INET6_ADDRSTRLEN] = {};
  if (addr.ss_family == AF_INET) {
    const auto* a = reinterpret_cast<const sockaddr_in*>(&addr);
    ::inet_ntop(AF_INET, &a->sin_addr, text, sizeof text);
    port = ntohs(a->sin_port);
  } else if (addr.ss_family == AF_INET6) {
    const auto* a = reinterpret_cast<const sockaddr_in6*>(&addr);
    ::inet_ntop(AF_INET6, &a->sin6_addr, text, sizeof text);
    port = ntohs(a->sin6_port);
  }
  ip = text;
}

// One connection's stream, kept across the requests of a keep-alive connection (with its read buffer).
class ConnectionStream final : public httplib::Stream {
 public:
  ConnectionStream(socket_t sock, int read_timeout_ms, int write_timeout_ms)
      : sock_(sock), read_timeout_ms_(read_timeout_ms), write_timeout_ms_(write_timeout_ms) {}

  bool is_readable() const override { return buffered() > 0 || wait_for(sock_, POLLIN, read_timeout_ms_); }
  // Only "the socket takes data": no peek for end-of-file, which is what a half-closed client looks like.
  bool is_writable() const override { return wait_for(sock_, POLLOUT, write_timeout_ms_); }

  ssize_t read(char* ptr, size_t size) override {
    if (buffered() == 0) {
      if (!is_readable()) return -1;
      ssize_t n;
      if (size >= sizeof buffer_) {  // a body read: straight into the caller's buffer
        do n = ::recv(sock_, ptr, size, 0);
        while (n < 0 && errno == EINTR);
        return n;
      }
      do n = ::recv(sock_, buffer_, sizeof buffer_, 0);
      while (n < 0 && errno == EINTR);
      if (n <= 0) return n;
      begin_ = 0;
      end_ = static_cast<std::size_t>(n);
    }
    const std::size_t n = std::min(size, buffered());
    std::memcpy(ptr, buffer_ + begin_, n);
    begin_ += n;
    return static_cast<ssize_t>(n);
  }

  ssize_t write(const char* ptr, size_t size) override {
    if (!is_writable()) return -1;
    ssize_t n;
    do n = ::send(sock_, ptr, size, MSG_NOSIGNAL);
    while (n < 0 && errno == EINTR);
    return n;
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    address_of(sock_, true, ip, port);
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    address_of(sock_, false, ip, port);
  }
  socket_t socket() const override { return sock_; }

  [[nodiscard]] std::size_t buffered() const { return end_ - begin_; }

 private:
  socket_t sock_;
  int read_timeout_ms_;
  int write_timeout_ms_;
  char buffer_[4096];
  std::size_t begin_ = 0, end_ = 0;
};

}  // namespace

bool HttpServer::declare_absent_body(httplib::Request& request) {
  if (request.has_header("Content-Length") || request.has_header("Transfer-Encoding")) return false;
  request.headers.emplace("Content-Length", "0");
  request.headers.emplace(kBodyLengthAbsent, "1");
  return true;
}

bool HttpServer::process_and_close_socket(socket_t sock) {
  ConnectionStream stream(sock, to_millis(read_timeout_sec_, read_timeout_usec_),
                          to_millis(write_timeout_sec_, write_timeout_usec_));
  // Waits for the next request of a keep-alive connection, in short slices so that stop() is noticed.
  auto next_request = [&] {
    if (stream.buffered() > 0) return true;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(keep_alive_timeout_sec_);
    while (svr_sock_ != INVALID_SOCKET) {
      if (wait_for(sock, POLLIN, 100)) return true;
      if (std::chrono::steady_clock::now() >= deadline) return false;
    }
    return false;
  };
  bool ok = false;
  for (std::size_t left = keep_alive_max_count_; left > 0 && svr_sock_ != INVALID_SOCKET && next_request();
       --left) {
    bool connection_closed = false;
    ok = process_request(stream, left == 1, connection_closed, nullptr);
    if (!ok || connection_closed) break;
  }
  ::shutdown(sock, SHUT_RDWR);
  ::close(sock);
  return ok;
}

}  // namespace sigv4::serve
