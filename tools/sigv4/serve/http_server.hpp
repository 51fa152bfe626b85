// cpp-httplib's Server with one change to how a connection is served: a client that sends a complete
// request and then shuts down its write side (shutdown(SHUT_WR), `nc -N`, `curl` piping a body and
// closing) still gets its response.
//
// Why: cpp-httplib 0.11 (Debian 12's libcpp-httplib) checks, before every write, that the peer is
// "alive" by peeking at the socket; a half-closed peer reads as end-of-file, so the response is
// silently dropped and the connection closed. HTTP/1.1 (RFC 9112, section 9.6) lets a client close its
// sending side once its request is complete and still expect the response. httplib::Server lets a
// subclass serve accepted sockets itself (the virtual process_and_close_socket), so this class runs the
// same keep-alive loop around httplib's own request handling (process_request: parsing, routing,
// handlers, responses are all httplib's), over a stream whose writability check is only "the socket
// accepts data within the write timeout". A peer that is really gone is still noticed: send() fails
// (EPIPE/ECONNRESET, no SIGPIPE thanks to MSG_NOSIGNAL).
//
// Two smaller differences from httplib's loop, both on purpose: bytes of a pipelined next request read
// along with the previous one are kept (httplib built a new stream per request and dropped them), and
// an idle keep-alive connection stops waiting as soon as stop() is called instead of after the whole
// keep-alive timeout.
#pragma once

#include <httplib.h>

namespace sigv4::serve {

class HttpServer : public httplib::Server {
 public:
  // A request with neither Content-Length nor Transfer-Encoding has no body (RFC 9112, section 6.3,
  // rule 7), but cpp-httplib 0.11 reads the body of such a POST/PUT/PATCH/DELETE until the connection
  // closes, so the client waits for the read timeout (and the next pipelined request would be eaten
  // as body). Call this from the pre-routing handler, the last hook before httplib reads the body:
  // for such a request it adds "Content-Length: 0" (httplib then reads nothing) and the header
  // kBodyLengthAbsent, and returns true. Other requests are left as they are (false).
  static bool declare_absent_body(httplib::Request& request);
  // Marks a request given "Content-Length: 0" by declare_absent_body, so that a handler can tell the
  // client sent no length (and hide the added header from anything that must see the request as
  // received). A name with ':' cannot come from the wire, so a client cannot send it.
  static constexpr const char* kBodyLengthAbsent = "sigv4-serve:body-length-absent";

 private:
  bool process_and_close_socket(socket_t sock) override;
};

}  // namespace sigv4::serve
