// sigv4 serve and clients that half-close (issue 9): a client may send a complete request, shut down
// its write side (shutdown(SHUT_WR), as `nc -N` or a script piping a request does) and still expect the
// response (RFC 9112, section 9.6). cpp-httplib 0.11 on its own drops the response (it takes the
// peer's end-of-file for a dead peer); serve's HttpServer (tools/sigv4/serve/http_server.hpp) answers.
// Raw sockets, so that the half-close is exactly what is sent; every read has a deadline.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <string>

#include "serve/running_serve.hpp"
#include "serve/serve_fixture.hpp"
#include "sigv4/http_client.hpp"
#include "sigv4/signed_upload.hpp"

namespace {

using namespace sigv4;
using sigv4_test::RunningServe;
using Clock = std::chrono::steady_clock;

const Credentials kCreds("AKIDHALFCLOSE", "half/close/secret");

struct Exchange {
  std::string reply;
  bool closed = false;  // the server closed the connection (EOF) before the deadline
  std::chrono::milliseconds took{0};
};

// Connects, sends `request`, shuts down the write side, and reads until EOF or `timeout`.
Exchange send_then_half_close(int port, const std::string& request, std::chrono::milliseconds timeout) {
  Exchange e;
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd);
    return e;
  }
  for (std::size_t sent = 0; sent < request.size();) {
    const ssize_t n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<std::size_t>(n);
  }
  ::shutdown(fd, SHUT_WR);
  const auto start = Clock::now();
  const auto deadline = start + timeout;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    pollfd p{fd, POLLIN, 0};
    if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
    char buf[4096];
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) {
      e.closed = true;
      break;
    }
    e.reply.append(buf, static_cast<std::size_t>(n));
  }
  e.took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
  ::close(fd);
  return e;
}

// The request as it goes on the wire: request line, the signed headers, Content-Length, body.
std::string wire(const HttpRequest& r, std::string_view body) {
  std::string s = r.method + " " + r.target + " HTTP/1.1\r\n";
  for (const auto& h : r.headers) s += h.name + ": " + h.value + "\r\n";
  s += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  s += body;
  return s;
}

class ServeHalfClose : public sigv4_test::ServeWithBucket {
 protected:
  ServeHalfClose() : ServeWithBucket(kCreds, "/halfclose") {}
};

TEST_F(ServeHalfClose, AnUnsignedRequestFollowedByAHalfCloseGetsItsErrorResponse) {
  const std::string host = "127.0.0.1:" + std::to_string(server_->port());
  const Exchange e = send_then_half_close(
      server_->port(), "GET /halfclose/x HTTP/1.1\r\nHost: " + host + "\r\n\r\n", std::chrono::seconds(10));
  EXPECT_EQ(e.reply.rfind("HTTP/1.1 403 ", 0), 0u) << "reply: '" << e.reply << "'";
  EXPECT_NE(e.reply.find("<Code>AccessDenied</Code>"), std::string::npos) << e.reply;
  // Then the connection ends promptly: the client can send nothing more (not the 5 s keep-alive wait).
  EXPECT_TRUE(e.closed);
  EXPECT_LT(e.took, std::chrono::seconds(4));
}

TEST_F(ServeHalfClose, ASignedUploadFollowedByAHalfCloseIsStoredAndAnswered) {
  const std::string data = "sent, then the client shut down its write side\n";
  HttpRequest put = HttpRequest::from_url("PUT", server_->url("/halfclose/object.txt"));
  (void)prepare_signed_upload(put, UploadPayload::sha256_hex, UploadSource::from_bytes(data), kCreds,
                              {SigningTime::now(), "us-east-1", "s3"}, SigningSettings::s3());
  const Exchange e = send_then_half_close(server_->port(), wire(put, data), std::chrono::seconds(10));
  EXPECT_EQ(e.reply.rfind("HTTP/1.1 200 ", 0), 0u) << "reply: '" << e.reply << "'";
  EXPECT_TRUE(e.closed);

  // The server is still up, and the object is there, byte-exact.
  HttpRequest get = HttpRequest::from_url("GET", server_->url("/halfclose/object.txt"));
  const HttpResult r =
      sign_and_send(client_, get, SignedPayload::empty(), kCreds, "us-east-1", "s3", SigningSettings::s3());
  ASSERT_TRUE(r.ok()) << r.message;
  EXPECT_EQ(r.response.status, 200);
  EXPECT_EQ(r.response.body, data);
}

TEST_F(ServeHalfClose, TwoPipelinedRequestsThenAHalfCloseGetTwoResponses) {
  const std::string host = "127.0.0.1:" + std::to_string(server_->port());
  const std::string one = "GET /halfclose/a HTTP/1.1\r\nHost: " + host + "\r\n\r\n";
  const Exchange e = send_then_half_close(server_->port(), one + one, std::chrono::seconds(10));
  std::size_t responses = 0;
  for (std::size_t at = 0; (at = e.reply.find("HTTP/1.1 403 ", at)) != std::string::npos; ++at) ++responses;
  EXPECT_EQ(responses, 2u) << e.reply;
  EXPECT_TRUE(e.closed);
}

}  // namespace
