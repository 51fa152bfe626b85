// sigv4 serve and requests with neither Content-Length nor Transfer-Encoding (`curl -X PUT URL` with no
// data sends one). Such a request has no body (RFC 9112, section 6.3: a request with neither header
// has a body length of zero); cpp-httplib 0.11 instead read its "body" until the connection closed, so
// the client waited for the server's read timeout (60 s). Now the request is answered at once, as S3
// answers it: a PUT (and an operation that loads XML) is refused with 411 MissingContentLength, any
// other request goes on with an empty body, and the connection stays usable for the next request.
// Raw sockets, so that exactly these headers are sent and the write side stays open (a half-close
// would end the wrong wait); every read has a deadline well below the server's read timeout.
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

const Credentials kCreds("AKIDNOLENGTH", "no/content/length/secret");
constexpr auto kPrompt = std::chrono::seconds(5);  // the server's read timeout is 60 s

// One client connection to the server, kept open between requests.
class Connection {
 public:
  explicit Connection(int port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = fd_ >= 0 && ::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  }
  ~Connection() {
    if (fd_ >= 0) ::close(fd_);
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  [[nodiscard]] bool connected() const { return connected_; }

  bool send(const std::string& data) {
    for (std::size_t sent = 0; sent < data.size();) {
      const ssize_t n = ::send(fd_, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return false;
      sent += static_cast<std::size_t>(n);
    }
    return true;
  }

  // One response (status line, headers, a Content-Length body), or what arrived before `timeout`.
  struct Response {
    std::string text;
    bool complete = false;
    std::chrono::milliseconds took{0};
  };
  Response read_response(std::chrono::milliseconds timeout) {
    Response r;
    const auto start = Clock::now();
    const auto deadline = start + timeout;
    while (!(r.complete = complete(r.text))) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      pollfd p{fd_, POLLIN, 0};
      if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
      char buf[4096];
      const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) break;
      r.text.append(buf, static_cast<std::size_t>(n));
    }
    r.took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
    return r;
  }

 private:
  // Whether `text` holds the whole response: headers, then as many bytes as its Content-Length says.
  static bool complete(const std::string& text) {
    const auto end = text.find("\r\n\r\n");
    if (end == std::string::npos) return false;
    std::size_t length = 0;
    for (std::size_t at = text.find("\r\n") + 2; at < end;) {
      const auto eol = text.find("\r\n", at);
      const std::string line = text.substr(at, eol - at);
      if (line.size() > 15 && iequals(line.substr(0, 15), "content-length:"))
        length = std::stoul(line.substr(15));
      at = eol + 2;
    }
    return text.size() >= end + 4 + length;
  }

  int fd_;
  bool connected_ = false;
};

// A request signed for an empty body (x-amz-content-sha256 of ""), on the wire without Content-Length.
std::string signed_without_length(const RunningServe& server, const std::string& method, const std::string& path) {
  HttpRequest r = HttpRequest::from_url(method, server.url(path));
  (void)prepare_signed_upload(r, UploadPayload::sha256_hex, UploadSource::from_bytes(""), kCreds,
                              {SigningTime::now(), "us-east-1", "s3"}, SigningSettings::s3());
  std::string s = r.method + " " + r.target + " HTTP/1.1\r\n";
  for (const auto& h : r.headers) {
    if (iequals(h.name, "content-length") || iequals(h.name, "transfer-encoding")) continue;  // the point
    s += h.name + ": " + h.value + "\r\n";
  }
  return s + "\r\n";
}

class ServeNoContentLength : public sigv4_test::ServeWithBucket {
 protected:
  ServeNoContentLength() : ServeWithBucket(kCreds, "/nolength") {}
};

TEST_F(ServeNoContentLength, ASignedPutObjectIsRefusedAtOnceWithMissingContentLength) {
  Connection conn(server_->port());
  ASSERT_TRUE(conn.connected());
  ASSERT_TRUE(conn.send(signed_without_length(*server_, "PUT", "/nolength/empty.txt")));
  const auto r = conn.read_response(kPrompt);
  ASSERT_TRUE(r.complete) << "no complete answer within " << kPrompt.count() << " s: '" << r.text << "'";
  EXPECT_EQ(r.text.rfind("HTTP/1.1 411 ", 0), 0u) << r.text;
  EXPECT_NE(r.text.find("<Code>MissingContentLength</Code>"), std::string::npos) << r.text;

  // Nothing after the headers was taken for a body: the next request on the connection is answered.
  ASSERT_TRUE(conn.send(signed_without_length(*server_, "GET", "/nolength")));
  const auto listed = conn.read_response(kPrompt);
  ASSERT_TRUE(listed.complete) << listed.text;
  EXPECT_EQ(listed.text.rfind("HTTP/1.1 200 ", 0), 0u) << listed.text;
  EXPECT_EQ(listed.text.find("<Key>empty.txt</Key>"), std::string::npos) << "nothing was stored: " << listed.text;
}

TEST_F(ServeNoContentLength, ASignedPostWithoutABodyGoesOnWithAnEmptyBody) {
  // CreateMultipartUpload takes no body and loads no XML: S3 does not ask for a Content-Length.
  Connection conn(server_->port());
  ASSERT_TRUE(conn.connected());
  ASSERT_TRUE(conn.send(signed_without_length(*server_, "POST", "/nolength/big.bin?uploads")));
  const auto r = conn.read_response(kPrompt);
  ASSERT_TRUE(r.complete) << "no complete answer within " << kPrompt.count() << " s: '" << r.text << "'";
  EXPECT_EQ(r.text.rfind("HTTP/1.1 200 ", 0), 0u) << r.text;
  EXPECT_NE(r.text.find("<UploadId>"), std::string::npos) << r.text;
}

TEST_F(ServeNoContentLength, AnUnsignedPutIsRefusedAtOnce) {
  // Authentication comes first (as for every request): the answer is S3's AccessDenied, promptly.
  Connection conn(server_->port());
  ASSERT_TRUE(conn.connected());
  const std::string host = "127.0.0.1:" + std::to_string(server_->port());
  ASSERT_TRUE(conn.send("PUT /nolength/anonymous.txt HTTP/1.1\r\nHost: " + host + "\r\n\r\n"));
  const auto r = conn.read_response(kPrompt);
  ASSERT_TRUE(r.complete) << "no complete answer within " << kPrompt.count() << " s: '" << r.text << "'";
  EXPECT_EQ(r.text.rfind("HTTP/1.1 403 ", 0), 0u) << r.text;
}

}  // namespace
