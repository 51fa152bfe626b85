#include "sigv4/http_client.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <optional>

#include "curl_handles.hpp"
#include "progress_bar.hpp"
#include "sigv4/error.hpp"
#include "sigv4/url.hpp"

namespace sigv4 {

using http_detail::EasyHandle;
using http_detail::HeaderList;
using http_detail::ProgressBar;

std::string_view to_string(TransportError e) noexcept {
  switch (e) {
    case TransportError::none: return "none";
    case TransportError::invalid_request: return "invalid_request";
    case TransportError::resolve_failed: return "resolve_failed";
    case TransportError::connect_failed: return "connect_failed";
    case TransportError::timed_out: return "timed_out";
    case TransportError::tls_failed: return "tls_failed";
    case TransportError::send_failed: return "send_failed";
    case TransportError::receive_failed: return "receive_failed";
    case TransportError::body_source_failed: return "body_source_failed";
    case TransportError::response_too_large: return "response_too_large";
    case TransportError::other: return "other";
  }
  return "other";
}

const Header* HttpResponse::find_header(std::string_view name) const noexcept {
  for (const auto& h : headers)
    if (iequals(h.name, name)) return &h;
  return nullptr;
}

SendBody SendBody::empty() { return {}; }

SendBody SendBody::bytes(std::string_view data) {
  SendBody b;
  auto offset = std::make_shared<std::size_t>(0);
  b.read_ = [data, offset](std::span<std::byte> buf) {
    const std::size_t n = std::min(buf.size(), data.size() - *offset);
    std::memcpy(buf.data(), data.data() + *offset, n);
    *offset += n;
    return n;
  };
  b.length_ = data.size();
  return b;
}

SendBody SendBody::file(const std::filesystem::path& path) {
  auto in = std::make_shared<std::ifstream>(path, std::ios::binary);
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (!*in || ec) throw Error(ErrorCode::io_error, "cannot open '" + path.string() + "' for reading");
  SendBody b;
  b.read_ = [in, path](std::span<std::byte> buf) {
    in->read(reinterpret_cast<char*>(buf.data()), static_cast<std::streamsize>(buf.size()));
    if (in->bad()) throw Error(ErrorCode::io_error, "reading '" + path.string() + "' failed");
    return static_cast<std::size_t>(in->gcount());
  };
  b.length_ = size;
  return b;
}

SendBody SendBody::reader(Reader read, std::optional<std::uint64_t> length) {
  SendBody b;
  b.read_ = std::move(read);
  b.length_ = length;
  return b;
}

struct HttpClient::Impl {
  HttpClientOptions options;
  EasyHandle handle;
};

HttpClient::HttpClient(HttpClientOptions options) : impl_(std::make_unique<Impl>()) {
  http_detail::ensure_curl_initialised();
  impl_->options = std::move(options);
  impl_->handle.reset(curl_easy_init());
  if (!impl_->handle) throw std::bad_alloc();
}
HttpClient::~HttpClient() = default;
HttpClient::HttpClient(HttpClient&&) noexcept = default;
HttpClient& HttpClient::operator=(HttpClient&&) noexcept = default;
const HttpClientOptions& HttpClient::options() const noexcept { return impl_->options; }

namespace {

// State shared with the libcurl callbacks of one transfer.
struct Transfer {
  const SendBody* body = nullptr;
  const ResponseSink* sink = nullptr;
  HttpResponse* response = nullptr;
  std::size_t max_response_bytes = 0;
  bool callback_failed = false;
  bool too_large = false;
  std::string callback_error;
  std::optional<ProgressBar> progress;
  std::uint64_t progress_threshold = 0;
};

std::size_t on_read(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  try {
    return t->body->read()(std::span<std::byte>(reinterpret_cast<std::byte*>(buffer), size * count));
  } catch (const std::exception& e) {
    t->callback_failed = true;
    t->callback_error = e.what();
    return CURL_READFUNC_ABORT;
  }
}

std::size_t on_write(char* data, std::size_t size, std::size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const std::size_t n = size * count;
  try {
    if (*t->sink) {
      (*t->sink)(*t->response, std::string_view(data, n));
    } else {
      if (t->response->body.size() + n > t->max_response_bytes) {
        t->too_large = true;
        return 0;
      }
      t->response->body.append(data, n);
    }
  } catch (const std::exception& e) {
    t->callback_failed = true;
    t->callback_error = e.what();
    return 0;
  }
  return n;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const std::string_view line(data, size * count);
  if (line.starts_with("HTTP/")) {
    t->response->headers.clear();  // a new response (after "100 Continue" or a redirect)
    const auto space = line.find(' ');
    long status = 0;
    for (std::size_t i = space == std::string_view::npos ? line.size() : space + 1; i < line.size(); ++i) {
      if (line[i] < '0' || line[i] > '9' || status > 999) break;
      status = status * 10 + (line[i] - '0');
    }
    t->response->status = status;
    return line.size();
  }
  const auto colon = line.find(':');
  if (colon != std::string_view::npos && colon > 0)
    t->response->headers.push_back({std::string(line.substr(0, colon)), std::string(trim(line.substr(colon + 1)))});
  return line.size();
}

int on_progress(void* user, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow) {
  auto* t = static_cast<Transfer*>(user);
  const bool upload = ultotal > 0 || ulnow > 0;
  const auto total = static_cast<std::uint64_t>(upload ? ultotal : dltotal);
  const auto now = static_cast<std::uint64_t>(upload ? ulnow : dlnow);
  if (!t->progress && std::max(total, now) > t->progress_threshold) t->progress.emplace(upload ? "upload" : "download");
  if (t->progress) t->progress->update(now, total);
  return 0;
}

TransportError classify(CURLcode code) {
  switch (code) {
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_BAD_FUNCTION_ARGUMENT: return TransportError::invalid_request;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY: return TransportError::resolve_failed;
    case CURLE_COULDNT_CONNECT: return TransportError::connect_failed;
    case CURLE_OPERATION_TIMEDOUT: return TransportError::timed_out;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE: return TransportError::tls_failed;
    case CURLE_SEND_ERROR: return TransportError::send_failed;
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_PARTIAL_FILE: return TransportError::receive_failed;
    default: return TransportError::other;
  }
}

// "GET http://host/path" without the query, which may hold a presigned signature or a token.
std::string describe(const HttpRequest& request, std::string_view host) {
  const auto parts = split_target(request.target);
  return request.method + " " + request.scheme + "://" + std::string(host) + std::string(parts.path);
}

}  // namespace

HttpResult HttpClient::send(const HttpRequest& request, const SendBody& body, const ResponseSink& sink) {
  HttpResult result;
  const Header* host = request.find_header("host");
  if (host == nullptr || host->value.empty() || (request.scheme != "http" && request.scheme != "https")) {
    result.error = TransportError::invalid_request;
    result.message = "request has no Host header or an unsupported scheme '" + request.scheme + "'";
    return result;
  }
  const std::string what = describe(request, host->value);
  CURL* h = impl_->handle.get();
  const HttpClientOptions& o = impl_->options;
  curl_easy_reset(h);

  Transfer t;
  t.body = &body;
  t.sink = &sink;
  t.response = &result.response;
  t.max_response_bytes = o.max_response_bytes;
  t.progress_threshold = o.progress_threshold_bytes;

  const std::string url = request.scheme + "://" + host->value + "/";
  const std::string target = request.target.empty() || request.target[0] != '/' ? "/" + request.target : request.target;
  char error_buffer[CURL_ERROR_SIZE] = {0};
  HeaderList headers;
  bool has_user_agent = false;
  bool has_length = false;
  for (const auto& hd : request.headers) {
    if (iequals(hd.name, "user-agent")) has_user_agent = true;
    if (iequals(hd.name, "content-length") || iequals(hd.name, "transfer-encoding")) has_length = true;
    // "Name;" is libcurl's spelling of a header sent with an empty value.
    headers.append(hd.value.empty() ? hd.name + ";" : hd.name + ": " + hd.value);
  }
  if (!has_user_agent && !o.user_agent.empty()) headers.append("User-Agent: " + o.user_agent);
  // A PUT/POST/PATCH without a body still says so, as every AWS SDK does: S3 answers 411
  // MissingContentLength without it, and some servers (cpp-httplib) read such a body until the
  // connection closes.
  if (!body.has_body() && !has_length &&
      (request.method == "PUT" || request.method == "POST" || request.method == "PATCH"))
    headers.append("Content-Length: 0");

  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_REQUEST_TARGET, target.c_str());
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(o.timeouts.connect.count()));
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(o.timeouts.total.count()));
  if (o.timeouts.stall.count() > 0) {
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, static_cast<long>(o.timeouts.stall.count()));
  }
  if (o.tls == TlsVerification::insecure) {
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_write);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &t);
  if (request.method == "HEAD") {
    curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
  } else if (request.method != "GET" || body.has_body()) {
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }
  if (body.has_body()) {
    curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(h, CURLOPT_READFUNCTION, on_read);
    curl_easy_setopt(h, CURLOPT_READDATA, &t);
    if (body.length()) curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(*body.length()));
  }
  if (o.progress == ProgressDisplay::on_terminal && isatty(STDERR_FILENO) == 1) {
    curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(h, CURLOPT_XFERINFODATA, &t);
  }

  const CURLcode code = curl_easy_perform(h);
  if (t.progress) t.progress->finish();
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  result.response.status = status;
  if (code == CURLE_OK) return result;

  if (t.callback_failed) {
    result.error = TransportError::body_source_failed;
    result.message = what + ": " + t.callback_error;
  } else if (t.too_large) {
    result.error = TransportError::response_too_large;
    result.message = what + ": response body over " + std::to_string(o.max_response_bytes) + " bytes";
  } else {
    result.error = classify(code);
    // A server may refuse a request (403) and close the connection before the whole body was sent:
    // the refusal is the answer the caller needs, not the broken pipe.
    if ((result.error == TransportError::send_failed || result.error == TransportError::receive_failed) &&
        status >= 400) {
      result.error = TransportError::none;
      return result;
    }
    result.message = what + ": " + (error_buffer[0] ? std::string(error_buffer) : curl_easy_strerror(code));
  }
  return result;
}

SignedPayload SignedPayload::empty() { return {SendBody::empty(), Body()}; }
SignedPayload SignedPayload::bytes(std::string_view data) { return {SendBody::bytes(data), Body::bytes(data)}; }
SignedPayload SignedPayload::file(const std::filesystem::path& path) {
  return {SendBody::file(path), Body::file(path)};
}

HttpResult sign_and_send(HttpClient& client, HttpRequest& request, const SignedPayload& payload,
                         const Credentials& credentials, std::string_view region, std::string_view service,
                         const SigningSettings& settings, SigningResult* signing, const ResponseSink& sink) {
  SigningResult local;
  SigningResult& r = signing ? *signing : local;
  std::vector<HeaderView> views;
  sign_request(request.view(views), payload.hash_source, credentials, {SigningTime::now(), region, service}, settings,
               r);
  if (settings.location == SignatureLocation::query) {
    request.target = r.presigned_target;
  } else {
    for (const auto& h : r.headers_to_add) request.set_header(h.name, h.value);
  }
  return client.send(request, payload.body, sink);
}

}  // namespace sigv4
