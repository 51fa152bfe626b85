#include "s3_server.hpp"

#include <httplib.h>
#include <openssl/evp.h>

#include <atomic>
#include <charconv>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>

#include "http_server.hpp"
#include "object_store.hpp"
#include "s3_xml.hpp"
#include "sigv4/checksum.hpp"
#include "sigv4/crypto/hex.hpp"
#include "sigv4/multipart_form.hpp"
#include "sigv4/payload_verifier.hpp"
#include "sigv4/post_policy.hpp"
#include "sigv4/s3_error.hpp"
#include "sigv4/url.hpp"

namespace sigv4::serve {
namespace {

// httplib decompresses request bodies sent with Content-Encoding gzip/deflate/br before handing them
// over; S3 stores such bodies as they are (and signs them as sent), so the header is moved aside
// before routing and restored for verification.
constexpr const char* kStashedEncoding = "X-Sigv4-Stashed-Content-Encoding";
// httplib hands multipart/form-data bodies only to a multipart reader; browser POST uploads are parsed
// by the library (sigv4/multipart_form.hpp) from the raw body, so their Content-Type is moved aside too.
constexpr const char* kStashedContentType = "X-Sigv4-Stashed-Content-Type";

// Browser POST uploads are read whole before their policy is checked (the policy may follow the file
// in a hand-made form, and S3 ignores fields after the file): bounded here.
constexpr std::size_t kMaxPostBody = 64 * 1024 * 1024;
constexpr std::size_t kMaxXmlBody = 1024 * 1024;  // CompleteMultipartUpload, DeleteObjects, ...
constexpr std::uint64_t kMaxDrain =
    64 * 1024 * 1024;  // body bytes read after a refusal, to keep the connection

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return out;
}

std::optional<std::string> percent_decode(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') {
      out.push_back(in[i]);
      continue;
    }
    if (i + 2 >= in.size()) return std::nullopt;
    const int hi = crypto::hex_digit_value(in[i + 1]), lo = crypto::hex_digit_value(in[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>(hi << 4 | lo));
    i += 2;
  }
  return out;
}

// S3's "encoding-type=url" form of a key in listings.
std::string url_encode_key(std::string_view key) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : key) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
        c == '.' || c == '~' || c == '/') {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kDigits[c >> 4]);
      out.push_back(kDigits[c & 15]);
    }
  }
  return out;
}

std::string md5_hex_of(std::string_view data) {
  unsigned char d[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_Digest(data.data(), data.size(), d, &n, EVP_md5(), nullptr);
  return crypto::hex(std::span<const std::uint8_t>(d, n));
}

std::string request_id() {
  static std::atomic<std::uint64_t> counter{1};
  char buf[24];
  std::snprintf(buf, sizeof buf, "S4%014llX", static_cast<unsigned long long>(counter.fetch_add(1)));
  return buf;
}

// One request as the handler sees it.
struct Call {
  const httplib::Request& req;
  httplib::Response& res;
  const httplib::ContentReader* reader;  // null when the request has no body
  std::vector<Header> headers;           // as received (stashed Content-Encoding restored)
  std::vector<HeaderView> views;
  std::string bucket;
  std::string key;
  std::map<std::string, std::string> query;  // decoded
  std::string id = request_id();
  bool body_consumed = false;
  bool length_absent = false;  // neither Content-Length nor Transfer-Encoding: no body (see handle())

  [[nodiscard]] bool has(const std::string& param) const { return query.count(param) > 0; }
  [[nodiscard]] std::string param(const std::string& name) const {
    const auto it = query.find(name);
    return it == query.end() ? std::string() : it->second;
  }
  [[nodiscard]] std::string header(std::string_view name) const {
    for (const auto& h : headers)
      if (iequals(h.name, name)) return h.value;
    return {};
  }
};

}  // namespace

namespace {

// Tells servers apart for the per-thread verifier below: an address could be reused by a later server.
std::uint64_t next_server_id() {
  static std::atomic<std::uint64_t> counter{1};
  return counter.fetch_add(1);
}

}  // namespace

struct S3Server::Impl {
  ServerConfig config;  // fixed once constructed: nothing changes it while serving
  ObjectStore store;
  HttpServer http;  // httplib::Server that also answers half-closed clients
  std::mutex log_mutex;
  const std::uint64_t server_id = next_server_id();

  explicit Impl(ServerConfig c) : config(std::move(c)), store(config.root) {}

  // This worker thread's verification context for this server. A Verifier is not thread-safe and
  // keeps its buffers between calls, so that verifying a request allocates nothing once they have
  // grown (the one-shot verify_request builds a context each time, about 40 allocations). httplib
  // serves each connection on one pool thread from start to end, so one context per thread is never
  // shared. It is bound to this server's credential store (read-only while serving, as Verifier
  // requires); the options (clock, region, skew) are passed per request. A context left on the
  // thread by another server (tests run several in a process) is replaced, never reused.
  Verifier& verifier() const {
    struct Slot {
      std::uint64_t server = 0;
      std::optional<Verifier> verifier;
    };
    thread_local Slot slot;
    if (slot.server != server_id || !slot.verifier) {
      slot.verifier.emplace(config.credentials);
      slot.server = server_id;
    }
    return *slot.verifier;
  }

  // Verifier::verify, with SigV4a refused unless the server accepts it (ServerConfig::accept_sigv4a).
  // The result is this thread's verifier's: valid until the next authenticate() on the thread, which
  // is the next request (a request authenticates once in handle(), and the 100-continue check is done
  // with it before handle() starts).
  const VerifyResult& authenticate(const RequestView& request) const {
    Verifier& v = verifier();
    v.verify(request, verify_options());
    VerifyResult& auth = v.result();
    if (!config.accept_sigv4a && auth.claim.signing_algorithm == SigningAlgorithm::ecdsa_p256_sha256)
      auth.error = S3Error(S3ErrorCode::invalid_argument, "Unsupported Authorization Type")
                       .with("ArgumentName", auth.location == AuthLocation::query ? "X-Amz-Algorithm" : "Authorization");
    return auth;
  }

  VerifyOptions verify_options() const {
    VerifyOptions o;
    o.now = SigningTime::now();
    o.region = config.region;
    o.max_skew_seconds = config.max_skew_seconds;
    return o;
  }

  static void collect_headers(const httplib::Request& req, Call& c) {
    c.length_absent = req.has_header(HttpServer::kBodyLengthAbsent);
    for (const auto& [name, value] : req.headers) {
      if (iequals(name, HttpServer::kBodyLengthAbsent) || (c.length_absent && iequals(name, "Content-Length")))
        continue;  // added by HttpServer::declare_absent_body, not sent by the client
      if (iequals(name, kStashedEncoding))
        c.headers.push_back({"Content-Encoding", value});
      else if (iequals(name, kStashedContentType))
        c.headers.push_back({"Content-Type", value});
      else if (iequals(name, "REMOTE_ADDR") || iequals(name, "REMOTE_PORT") || iequals(name, "LOCAL_ADDR") ||
               iequals(name, "LOCAL_PORT"))
        continue;  // httplib adds these pseudo-headers
      else
        c.headers.push_back({name, value});
    }
    c.views.clear();
    for (const auto& h : c.headers) c.views.push_back({h.name, h.value});
  }

  RequestView view(const Call& c) const { return RequestView{c.req.method, c.req.target, c.views, "http"}; }

  void send_error(Call& c, const S3Error& e) {
    std::string resource = c.req.target.substr(0, c.req.target.find('?'));
    c.res.status = e.http_status();
    // handle() has set it already for most errors; httplib's set_header adds, it does not replace.
    if (!c.res.has_header("x-amz-request-id")) c.res.set_header("x-amz-request-id", c.id);
    c.res.set_content(e.to_xml(resource, c.id), "application/xml");
    drain(c);
  }

  // Reads (and drops) what is left of a refused body, so the connection stays usable; a body too
  // large to drain makes httplib close the connection instead.
  void drain(Call& c) {
    if (!c.reader || c.body_consumed) return;
    c.body_consumed = true;
    std::uint64_t n = 0;
    (*c.reader)([&](const char*, std::size_t len) {
      n += len;
      return n <= kMaxDrain;
    });
  }

  void log(const Call& c) {
    if (!config.log_requests) return;
    std::lock_guard lock(log_mutex);
    std::cerr << "sigv4 serve: " << c.req.method << " " << c.req.target.substr(0, 200) << " -> "
              << c.res.status << "\n";
  }

  // Bucket and key from virtual-hosted ("bucket.localhost:port") or path-style ("/bucket/key") form.
  bool resolve(Call& c) {
    const std::string raw_path = c.req.target.substr(0, c.req.target.find('?'));
    auto path = percent_decode(raw_path);
    if (!path || path->empty() || path->front() != '/') return false;
    std::string host = lower(c.header("host"));
    if (!host.empty() && host.front() != '[') host = host.substr(0, host.rfind(':'));
    for (const auto& domain : config.domains) {
      const std::string suffix = "." + domain;
      if (host.size() > suffix.size() &&
          host.compare(host.size() - suffix.size(), suffix.size(), suffix) == 0) {
        c.bucket = host.substr(0, host.size() - suffix.size());
        c.key = path->substr(1);
        return true;
      }
    }
    const auto slash = path->find('/', 1);
    c.bucket = path->substr(1, slash == std::string::npos ? std::string::npos : slash - 1);
    c.key = slash == std::string::npos ? std::string() : path->substr(slash + 1);
    return true;
  }

  bool parse_query(Call& c) {
    const auto q = c.req.target.find('?');
    if (q == std::string::npos) return true;
    const std::string_view query = std::string_view(c.req.target).substr(q + 1);
    std::size_t start = 0;
    while (start <= query.size()) {
      const auto end = std::min(query.find('&', start), query.size());
      const std::string_view p = query.substr(start, end - start);
      if (!p.empty()) {
        const auto eq = p.find('=');
        auto k = percent_decode(p.substr(0, eq));
        auto v = percent_decode(eq == std::string_view::npos ? std::string_view{} : p.substr(eq + 1));
        if (!k || !v) return false;
        c.query.emplace(std::move(*k), std::move(*v));
      }
      start = end + 1;
    }
    return true;
  }

  // Streams the body through the payload verifier into `sink`. Returns the error, if any.
  std::optional<S3Error> read_body(Call& c, const VerifyResult& auth, PayloadVerifier& body,
                                   const std::function<bool(std::string_view)>& sink) {
    if (auto e = body.error()) return e;
    std::optional<S3Error> error;
    if (c.reader) {
      c.body_consumed = true;
      const bool complete = (*c.reader)([&](const char* data, std::size_t len) {
        if (error) return true;  // keep reading what is left, dropping it
        error = body.feed(std::string_view(data, len), [&](std::string_view d) {
          if (!error && sink && !sink(d))
            error = S3Error(S3ErrorCode::internal_error, "cannot store the data");
        });
        return true;
      });
      if (!complete && !error) error = S3Error(S3ErrorCode::incomplete_body);
    }
    (void)auth;
    if (!error) error = body.finish();
    return error;
  }

  PayloadVerifierOptions body_options(const Call& c) const {
    PayloadVerifierOptions o;
    o.checksum_header = checksum_header_scope(c.req.method, c.req.target);
    return o;
  }

  // Reads a small XML body (verified) into a string.
  std::optional<S3Error> read_small_body(Call& c, const VerifyResult& auth, std::string& out) {
    PayloadVerifier body(auth, c.views, body_options(c));
    return read_body(c, auth, body, [&](std::string_view d) {
      if (out.size() + d.size() > kMaxXmlBody) return false;
      out.append(d);
      return true;
    });
  }

  // Headers an object keeps: Content-Type and friends, x-amz-meta-*.
  std::vector<std::pair<std::string, std::string>> object_headers(const Call& c) const {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& h : c.headers) {
      const std::string n = lower(h.name);
      if (n == "content-type" || n == "cache-control" || n == "content-disposition" ||
          n == "content-language" || n == "expires" || n.rfind("x-amz-meta-", 0) == 0) {
        out.emplace_back(n, h.value);
      } else if (n == "content-encoding") {
        // aws-chunked is transport framing, not part of the object (S3 drops it).
        std::string kept;
        std::size_t start = 0;
        while (start <= h.value.size()) {
          const auto end = std::min(h.value.find(',', start), h.value.size());
          std::string part(h.value.substr(start, end - start));
          while (!part.empty() && part.front() == ' ') part.erase(0, 1);
          while (!part.empty() && part.back() == ' ') part.pop_back();
          if (!part.empty() && lower(part) != "aws-chunked") kept += (kept.empty() ? "" : ",") + part;
          start = end + 1;
        }
        if (!kept.empty()) out.emplace_back(n, kept);
      }
    }
    if (std::none_of(out.begin(), out.end(), [](const auto& p) { return p.first == "content-type"; }))
      out.emplace_back("content-type", "binary/octet-stream");
    return out;
  }

  // --- operations ---

  void list_buckets(Call& c) {
    std::string x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListAllMyBucketsResult xmlns=\"" +
                    std::string(kS3Xmlns) +
                    "\"><Owner><ID>sigv4</ID><DisplayName>sigv4</DisplayName></Owner><Buckets>";
    for (const auto& b : store.buckets())
      x += "<Bucket><Name>" + xml_escape(b) + "</Name><CreationDate>" + iso8601_millis(0) +
           "</CreationDate></Bucket>";
    x += "</Buckets></ListAllMyBucketsResult>";
    c.res.status = 200;
    c.res.set_content(x, "application/xml");
  }

  void create_bucket(Call& c, const VerifyResult& auth) {
    std::string body;
    if (auto e = read_small_body(c, auth, body)) return send_error(c, *e);
    if (!ObjectStore::valid_bucket_name(c.bucket))
      return send_error(c, S3Error(S3ErrorCode::invalid_bucket_name));
    if (!store.create_bucket(c.bucket))
      return send_error(c, S3Error(S3ErrorCode::bucket_already_owned_by_you));
    c.res.status = 200;
    c.res.set_header("Location", "/" + c.bucket);
  }

  void list_objects(Call& c) {
    const bool v2 = c.param("list-type") == "2";
    const std::string prefix = c.param("prefix"), delimiter = c.param("delimiter");
    const bool url = c.param("encoding-type") == "url";
    std::size_t max_keys = 1000;
    if (c.has("max-keys")) {
      try {
        max_keys = std::min<std::size_t>(std::stoul(c.param("max-keys")), 1000);
      } catch (...) {
        return send_error(c, S3Error(S3ErrorCode::invalid_argument,
                                     "Provided max-keys not an integer or within integer range"));
      }
    }
    std::string after = v2 ? c.param("start-after") : c.param("marker");
    if (v2 && c.has("continuation-token")) {
      auto token = percent_decode(c.param("continuation-token"));
      after = token ? *token : std::string();
    }
    auto enc = [&](const std::string& s) { return xml_escape(url ? url_encode_key(s) : s); };
    std::string contents, prefixes, last;
    std::size_t count = 0;
    bool truncated = false;
    std::string last_prefix;
    for (const auto& o : store.list(c.bucket)) {
      if (o.key.compare(0, prefix.size(), prefix) != 0 || o.key <= after) continue;
      std::string common;
      if (!delimiter.empty()) {
        const auto d = o.key.find(delimiter, prefix.size());
        if (d != std::string::npos) common = o.key.substr(0, d + delimiter.size());
      }
      if (!common.empty() && common == last_prefix) continue;
      if (count == max_keys) {
        truncated = true;
        break;
      }
      ++count;
      if (!common.empty()) {
        last_prefix = common;
        prefixes += "<CommonPrefixes><Prefix>" + enc(common) + "</Prefix></CommonPrefixes>";
        last = common;
        continue;
      }
      contents += "<Contents><Key>" + enc(o.key) + "</Key><LastModified>" + iso8601_millis(o.last_modified) +
                  "</LastModified><ETag>&quot;" + o.etag + "&quot;</ETag><Size>" + std::to_string(o.size) +
                  "</Size><StorageClass>STANDARD</StorageClass></Contents>";
      last = o.key;
    }
    std::string x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListBucketResult xmlns=\"" +
                    std::string(kS3Xmlns) + "\"><Name>" + xml_escape(c.bucket) + "</Name><Prefix>" +
                    enc(prefix) + "</Prefix>";
    if (v2) {
      x += "<KeyCount>" + std::to_string(count) + "</KeyCount>";
      if (c.has("continuation-token"))
        x += "<ContinuationToken>" + xml_escape(c.param("continuation-token")) + "</ContinuationToken>";
      if (c.has("start-after")) x += "<StartAfter>" + enc(c.param("start-after")) + "</StartAfter>";
    } else {
      x += "<Marker>" + enc(c.param("marker")) + "</Marker>";
    }
    x += "<MaxKeys>" + std::to_string(max_keys) + "</MaxKeys>";
    if (!delimiter.empty()) x += "<Delimiter>" + enc(delimiter) + "</Delimiter>";
    if (url) x += "<EncodingType>url</EncodingType>";
    x += std::string("<IsTruncated>") + (truncated ? "true" : "false") + "</IsTruncated>";
    if (truncated)
      x += v2 ? "<NextContinuationToken>" + xml_escape(url_encode_key(last)) + "</NextContinuationToken>"
              : "<NextMarker>" + enc(last) + "</NextMarker>";
    x += contents + prefixes + "</ListBucketResult>";
    c.res.status = 200;
    c.res.set_content(x, "application/xml");
  }

  // PutObject and UploadPart: stream the verified body into a pending file.
  void put_data(Call& c, const VerifyResult& auth, const std::optional<std::string>& upload_id,
                int part_number) {
    PayloadVerifier body(auth, c.views, body_options(c));
    PendingObject pending = store.begin_object();
    auto error = read_body(c, auth, body, [&](std::string_view d) { return pending.write(d); });
    if (error) {
      pending.discard();
      return send_error(c, *error);
    }
    const std::string etag = body.md5_hex();
    std::vector<std::pair<std::string, std::string>> checksums;  // verified x-amz-checksum-* values
    for (const auto& [name, value] : body.checked())
      if (name != "md5" && name != "content-sha256") checksums.emplace_back("x-amz-checksum-" + name, value);
    for (const auto& [k, v] : checksums) c.res.set_header(k, v);
    if (upload_id) {
      if (!store.upload_info(c.bucket, *upload_id))
        return send_error(c, S3Error(S3ErrorCode::no_such_upload));
      if (!store.publish_part(c.bucket, *upload_id, part_number, pending, etag))
        return send_error(c, S3Error(S3ErrorCode::internal_error));
    } else {
      ObjectInfo info;
      info.key = c.key;
      info.etag = etag;
      info.last_modified = SigningTime::now().unix_seconds();
      info.headers = object_headers(c);
      info.headers.insert(info.headers.end(), checksums.begin(), checksums.end());
      if (!store.publish(c.bucket, pending, std::move(info)))
        return send_error(c, S3Error(S3ErrorCode::internal_error));
    }
    c.res.status = 200;
    c.res.set_header("ETag", "\"" + etag + "\"");
  }

  void upload_part(Call& c, const VerifyResult& auth) {
    int n = 0;
    const std::string pn = c.param("partNumber");
    const auto [p, ec] = std::from_chars(pn.data(), pn.data() + pn.size(), n);
    if (ec != std::errc() || p != pn.data() + pn.size() || n < 1 || n > 10000)
      return send_error(c, S3Error(S3ErrorCode::invalid_argument,
                                   "Part number must be an integer between 1 and 10000, inclusive"));
    if (!store.upload_info(c.bucket, c.param("uploadId")))
      return send_error(c, S3Error(S3ErrorCode::no_such_upload));
    put_data(c, auth, c.param("uploadId"), n);
  }

  void get_object(Call& c, bool head) {
    auto obj = store.open(c.bucket, c.key);
    if (!obj) return send_error(c, S3Error(S3ErrorCode::no_such_key).with("Key", c.key));
    const std::uint64_t size = obj->info.size;
    auto& req = const_cast<httplib::Request&>(c.req);  // httplib applies Range itself; see below
    std::string content_type = "binary/octet-stream";
    const bool checksum_mode = lower(c.header("x-amz-checksum-mode")) == "enabled";
    for (const auto& [k, v] : obj->info.headers) {
      if (k == "content-type")
        content_type = v;
      else if (k.rfind("x-amz-checksum-", 0) == 0) {
        if (checksum_mode && req.ranges.empty()) c.res.set_header(k, v);
      } else
        c.res.set_header(k, v);
    }
    // GetObject's response-* parameters replace the stored headers (S3 API Reference, GetObject).
    for (const auto& [param, header] : {std::pair<const char*, const char*>{"response-cache-control", "Cache-Control"},
                                        {"response-content-disposition", "Content-Disposition"},
                                        {"response-content-encoding", "Content-Encoding"},
                                        {"response-content-language", "Content-Language"},
                                        {"response-expires", "Expires"}})
      if (c.has(param)) c.res.set_header(header, c.param(param));
    if (c.has("response-content-type")) content_type = c.param("response-content-type");
    c.res.set_header("ETag", "\"" + obj->info.etag + "\"");
    c.res.set_header("Last-Modified", http_date(obj->info.last_modified));
    c.res.set_header("Accept-Ranges", "bytes");
    if (req.ranges.size() > 1) req.ranges.clear();  // S3 serves one range; several: the whole object
    if (req.ranges.size() == 1) {
      const auto [first, last] = req.ranges.front();
      const bool satisfiable = first >= 0 ? static_cast<std::uint64_t>(first) < size : (last > 0 && size > 0);
      if (!satisfiable) {
        req.ranges.clear();
        c.res.set_header("Content-Range", "bytes */" + std::to_string(size));
        return send_error(c, S3Error(S3ErrorCode::invalid_range)
                                 .with("RangeRequested", c.header("range"))
                                 .with("ActualObjectSize", std::to_string(size)));
      }
    }
    c.res.status = req.ranges.empty() ? 200 : 206;
    if (size == 0) {
      c.res.set_content("", content_type);
      return;
    }
    (void)head;
    // The whole object is offered; httplib cuts the requested range out of it and sets Content-Range.
    auto file = std::make_shared<std::ifstream>(obj->path, std::ios::binary);
    const std::uint64_t base = obj->data_offset;
    c.res.set_content_provider(
        size, content_type,
        [file, base, size](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
          std::string buf(std::min<std::size_t>(length, 1 << 20), '\0');
          file->seekg(static_cast<std::streamoff>(base + offset));
          const auto n = std::min<std::uint64_t>(buf.size(), size - offset);
          if (!file->read(buf.data(), static_cast<std::streamsize>(n))) return false;
          return sink.write(buf.data(), static_cast<std::size_t>(n));
        });
  }

  void create_upload(Call& c, const VerifyResult& auth) {
    std::string body;
    if (auto e = read_small_body(c, auth, body)) return send_error(c, *e);
    ObjectInfo info;
    info.key = c.key;
    info.headers = object_headers(c);
    const std::string id = store.create_upload(c.bucket, info);
    c.res.status = 200;
    c.res.set_content("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<InitiateMultipartUploadResult xmlns=\"" +
                          std::string(kS3Xmlns) + "\"><Bucket>" + xml_escape(c.bucket) + "</Bucket><Key>" +
                          xml_escape(c.key) + "</Key><UploadId>" + id +
                          "</UploadId></InitiateMultipartUploadResult>",
                      "application/xml");
  }

  void complete_upload(Call& c, const VerifyResult& auth) {
    std::string body;
    if (auto e = read_small_body(c, auth, body)) return send_error(c, *e);
    const std::string id = c.param("uploadId");
    auto info = store.upload_info(c.bucket, id);
    if (!info || info->key != c.key) return send_error(c, S3Error(S3ErrorCode::no_such_upload));
    const auto requested = parse_complete_multipart(body);
    if (!requested) return send_error(c, S3Error(S3ErrorCode::malformed_xml));
    const auto stored = store.parts(c.bucket, id);
    std::vector<int> numbers;
    std::string md5s;
    for (std::size_t i = 0; i < requested->size(); ++i) {
      const auto& r = (*requested)[i];
      if (i > 0 && r.number <= (*requested)[i - 1].number)
        return send_error(c, S3Error(S3ErrorCode::invalid_part_order));
      const auto it =
          std::find_if(stored.begin(), stored.end(), [&](const PartInfo& p) { return p.number == r.number; });
      if (it == stored.end() || it->etag != r.etag) return send_error(c, S3Error(S3ErrorCode::invalid_part));
      if (i + 1 < requested->size() && it->size < config.min_part_size)
        return send_error(c, S3Error(S3ErrorCode::entity_too_small)
                                 .with("ProposedSize", std::to_string(it->size))
                                 .with("MinSizeAllowed", std::to_string(config.min_part_size)));
      numbers.push_back(r.number);
      std::array<std::uint8_t, 16> raw{};
      (void)crypto::hex_decode_lower(it->etag, raw);
      md5s.append(reinterpret_cast<const char*>(raw.data()), raw.size());
    }
    info->etag = md5_hex_of(md5s) + "-" + std::to_string(numbers.size());
    info->last_modified = SigningTime::now().unix_seconds();
    const std::string etag = info->etag;
    if (!store.complete_upload(c.bucket, id, numbers, std::move(*info)))
      return send_error(c, S3Error(S3ErrorCode::internal_error));
    c.res.status = 200;
    c.res.set_content("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CompleteMultipartUploadResult xmlns=\"" +
                          std::string(kS3Xmlns) + "\"><Location>/" + xml_escape(c.bucket) + "/" +
                          xml_escape(c.key) + "</Location><Bucket>" + xml_escape(c.bucket) +
                          "</Bucket><Key>" + xml_escape(c.key) + "</Key><ETag>&quot;" + etag +
                          "&quot;</ETag></CompleteMultipartUploadResult>",
                      "application/xml");
  }

  void delete_objects(Call& c, const VerifyResult& auth) {
    std::string body;
    if (auto e = read_small_body(c, auth, body)) return send_error(c, *e);
    const auto keys = xml_elements(body, "Key");
    if (!keys || body.find("<Delete") == std::string::npos)
      return send_error(c, S3Error(S3ErrorCode::malformed_xml));
    const bool quiet = body.find("<Quiet>true</Quiet>") != std::string::npos;
    std::string x =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DeleteResult xmlns=\"" + std::string(kS3Xmlns) + "\">";
    for (const auto& k : *keys) {
      store.remove(c.bucket, k);
      if (!quiet) x += "<Deleted><Key>" + xml_escape(k) + "</Key></Deleted>";
    }
    x += "</DeleteResult>";
    c.res.status = 200;
    c.res.set_content(x, "application/xml");
  }

  void handle(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader* reader) {
    Call c{req, res, reader, {}, {}, {}, {}, {}};
    collect_headers(req, c);
    res.set_header("x-amz-request-id", c.id);
    res.set_header("Server", "sigv4-serve");
    if (is_browser_post(c)) {
      post_object(c);
      drain(c);
      return log(c);
    }
    const VerifyResult& auth = authenticate(view(c));
    if (!auth.ok()) {
      send_error(c, *auth.error);
      return log(c);
    }
    if (!resolve(c) || !parse_query(c)) {
      send_error(c, S3Error(S3ErrorCode::invalid_uri));
      return log(c);
    }
    if (c.length_absent && needs_content_length(c)) {
      send_error(c, S3Error(S3ErrorCode::missing_content_length));
      return log(c);
    }
    dispatch(c, auth);
    drain(c);
    log(c);
  }

  // A request sent without Content-Length (and without Transfer-Encoding) has an empty body; S3 still
  // refuses it, 411 MissingContentLength, where the header is required: "for PUTs and operations that
  // load XML" (Amazon S3 API Reference, "Common Request Headers", Content-Length; the code is in
  // "Error responses"). The XML-loading operations served here are DeleteObjects and
  // CompleteMultipartUpload; others (CreateMultipartUpload, DELETE) go on with the empty body.
  static bool needs_content_length(const Call& c) {
    const std::string& m = c.req.method;
    return m == "PUT" || (m == "POST" && (c.has("delete") || c.has("uploadId")));
  }

  // A browser form upload (S3 "POST Object"): multipart/form-data to the bucket, authenticated by its
  // POST policy instead of a request signature.
  static bool is_browser_post(const Call& c) {
    if (c.req.method != "POST" || !c.header("authorization").empty()) return false;
    if (c.req.target.find("X-Amz-Signature=") != std::string::npos) return false;
    return multipart_boundary(c.header("content-type")).has_value();
  }

  void post_object(Call& c) {
    if (!resolve(c) || !parse_query(c)) return send_error(c, S3Error(S3ErrorCode::invalid_uri));
    if (c.bucket.empty() || !c.key.empty()) return send_error(c, S3Error(S3ErrorCode::method_not_allowed));
    if (!store.bucket_exists(c.bucket))
      return send_error(c, S3Error(S3ErrorCode::no_such_bucket).with("BucketName", c.bucket));
    std::string body;
    bool too_large = false;
    if (c.reader) {
      c.body_consumed = true;
      (*c.reader)([&](const char* data, std::size_t len) {
        if (body.size() + len > kMaxPostBody) too_large = true;
        if (!too_large) body.append(data, len);
        return true;
      });
    }
    if (too_large)
      return send_error(c, S3Error(S3ErrorCode::entity_too_large).with("MaxSizeAllowed", std::to_string(kMaxPostBody)));
    const auto boundary = multipart_boundary(c.header("content-type"));
    const MultipartParse form = parse_multipart_form(body, boundary.value_or(""));
    if (!form.ok()) return send_error(c, S3Error(S3ErrorCode::malformed_post_request, std::string(s3_error_default_message(S3ErrorCode::malformed_post_request)) + " (" + form.error + ")"));
    const auto file = post_upload_from_form(form.parts);
    if (!file)
      return send_error(c, S3Error(S3ErrorCode::invalid_argument, "POST requires exactly one file upload per request.")
                               .with("ArgumentName", "file"));
    PostVerifyOptions options;
    options.bucket = c.bucket;
    options.now = SigningTime::now();
    options.region = config.region;
    const PostVerifyResult verdict = verify_post_policy(file->upload, config.credentials.lookup(), options);
    if (!verdict.ok()) return send_error(c, *verdict.error);
    if (verdict.key.empty())
      return send_error(c, S3Error(S3ErrorCode::invalid_argument, "User key must have a length greater than 0."));
    if (verdict.key.size() > 1024) return send_error(c, S3Error(S3ErrorCode::key_too_long));

    auto field = [&](std::string_view name) -> std::string {
      for (const auto& [k, v] : file->upload.fields)
        if (iequals(k, name)) return v;
      return {};
    };
    PendingObject pending = store.begin_object();
    if (!pending.write(file->data)) return send_error(c, S3Error(S3ErrorCode::internal_error, "cannot store the data"));
    ObjectInfo info;
    info.key = verdict.key;
    info.etag = md5_hex_of(file->data);
    info.last_modified = SigningTime::now().unix_seconds();
    for (const auto& [k, v] : file->upload.fields) {
      const std::string n = lower(k);
      if (n == "content-type" || n == "cache-control" || n == "content-disposition" || n == "content-encoding" ||
          n == "content-language" || n == "expires" || n.rfind("x-amz-meta-", 0) == 0)
        info.headers.emplace_back(n, v);
    }
    if (std::none_of(info.headers.begin(), info.headers.end(), [](const auto& h) { return h.first == "content-type"; }))
      info.headers.emplace_back("content-type", "binary/octet-stream");
    const std::string etag = info.etag, key = info.key;
    if (!store.publish(c.bucket, pending, std::move(info)))
      return send_error(c, S3Error(S3ErrorCode::internal_error));

    const std::string location = "/" + url_encode_key(c.bucket) + "/" + url_encode_key(key);
    c.res.set_header("ETag", "\"" + etag + "\"");
    c.res.set_header("Location", location);
    std::string redirect = field("success_action_redirect");
    if (redirect.empty()) redirect = field("redirect");
    if (!redirect.empty()) {
      redirect += redirect.find('?') == std::string::npos ? "?" : "&";
      redirect += "bucket=" + url_encode_key(c.bucket) + "&key=" + url_encode_key(key) + "&etag=%22" + etag + "%22";
      c.res.status = 303;
      c.res.set_header("Location", redirect);
      return;
    }
    const std::string status = field("success_action_status");
    if (status == "200") {
      c.res.status = 200;
    } else if (status == "201") {
      c.res.status = 201;
      c.res.set_content("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<PostResponse><Location>" +
                            xml_escape(location) + "</Location><Bucket>" + xml_escape(c.bucket) + "</Bucket><Key>" +
                            xml_escape(key) + "</Key><ETag>&quot;" + etag + "&quot;</ETag></PostResponse>",
                        "application/xml");
    } else {
      c.res.status = 204;
    }
  }

  void dispatch(Call& c, const VerifyResult& auth) {
    const std::string& m = c.req.method;
    if (c.bucket.empty()) {
      if (m == "GET") return list_buckets(c);
      return send_error(c, S3Error(S3ErrorCode::method_not_allowed));
    }
    if (c.key.empty()) {
      if (m == "PUT") return create_bucket(c, auth);
      if (!store.bucket_exists(c.bucket))
        return send_error(c, S3Error(S3ErrorCode::no_such_bucket).with("BucketName", c.bucket));
      if (m == "HEAD") {
        c.res.status = 200;
        return;
      }
      if (m == "GET" && c.has("location")) {
        c.res.status = 200;
        const std::string region = config.region.empty() || config.region == "us-east-1" ? "" : config.region;
        c.res.set_content("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<LocationConstraint xmlns=\"" +
                              std::string(kS3Xmlns) + "\">" + xml_escape(region) + "</LocationConstraint>",
                          "application/xml");
        return;
      }
      if (m == "GET") return list_objects(c);
      if (m == "DELETE") {
        if (!store.delete_bucket(c.bucket)) return send_error(c, S3Error(S3ErrorCode::bucket_not_empty));
        c.res.status = 204;
        return;
      }
      if (m == "POST" && c.has("delete")) return delete_objects(c, auth);
      return send_error(c, S3Error(S3ErrorCode::not_implemented));
    }
    if (!store.bucket_exists(c.bucket))
      return send_error(c, S3Error(S3ErrorCode::no_such_bucket).with("BucketName", c.bucket));
    if (c.key.size() > 1024) return send_error(c, S3Error(S3ErrorCode::key_too_long));
    if (m == "PUT") {
      if (!c.header("x-amz-copy-source").empty()) return send_error(c, S3Error(S3ErrorCode::not_implemented));
      if (c.has("uploadId")) return upload_part(c, auth);
      return put_data(c, auth, std::nullopt, 0);
    }
    if (m == "GET" || m == "HEAD") {
      if (c.has("uploadId")) return send_error(c, S3Error(S3ErrorCode::not_implemented));
      return get_object(c, m == "HEAD");
    }
    if (m == "DELETE") {
      if (c.has("uploadId")) {
        if (!store.abort_upload(c.bucket, c.param("uploadId")))
          return send_error(c, S3Error(S3ErrorCode::no_such_upload));
        c.res.status = 204;
        return;
      }
      store.remove(c.bucket, c.key);
      c.res.status = 204;
      return;
    }
    if (m == "POST" && c.has("uploads")) return create_upload(c, auth);
    if (m == "POST" && c.has("uploadId")) return complete_upload(c, auth);
    return send_error(c, S3Error(S3ErrorCode::method_not_allowed));
  }
};

S3Server::S3Server(ServerConfig config) : impl_(std::make_unique<Impl>(std::move(config))) {
  Impl& s = *impl_;
  const std::string any = ".*";
  auto plain = [&s](const httplib::Request& req, httplib::Response& res) { s.handle(req, res, nullptr); };
  auto with_body = [&s](const httplib::Request& req, httplib::Response& res,
                        const httplib::ContentReader& reader) { s.handle(req, res, &reader); };
  s.http.Get(any, plain);
  s.http.Put(any, plain);
  s.http.Post(any, plain);
  s.http.Delete(any, plain);
  s.http.Put(any, with_body);
  s.http.Post(any, with_body);
  s.http.Delete(any, with_body);
  s.http.set_pre_routing_handler([](const httplib::Request& req, httplib::Response&) {
    auto& r = const_cast<httplib::Request&>(req);
    // No length and no chunked framing: no body, rather than one read until the connection closes.
    HttpServer::declare_absent_body(r);
    // See kStashedEncoding: keep httplib from decoding a Content-Encoding the object is stored with.
    const auto it = r.headers.find("Content-Encoding");
    if (it != r.headers.end()) {
      const std::string v = it->second;
      r.headers.erase(it);
      r.headers.emplace(kStashedEncoding, v);
    }
    const auto type = r.headers.find("Content-Type");
    if (type != r.headers.end() && multipart_boundary(type->second)) {
      const std::string v = type->second;
      r.headers.erase(type);
      r.headers.emplace(kStashedContentType, v);
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  // Expect: 100-continue: authenticate the headers first, so a refused client does not send its body.
  s.http.set_expect_100_continue_handler([&s](const httplib::Request& req, httplib::Response& res) {
    Call c{req, res, nullptr, {}, {}, {}, {}, {}};
    Impl::collect_headers(req, c);
    for (auto& h : c.headers)  // the pre-routing hook has not run yet
      if (iequals(h.name, kStashedEncoding)) h.name = "Content-Encoding";
    if (Impl::is_browser_post(c)) return 100;  // authenticated by its policy, which is in the body
    const VerifyResult& auth = s.authenticate(s.view(c));
    if (auth.ok()) return 100;
    s.send_error(c, *auth.error);
    // httplib writes this early response without a Content-Length; without one the client would read
    // until the connection closes.
    res.set_header("Content-Length", std::to_string(res.body.size()));
    s.log(c);
    return res.status;
  });
  s.http.set_exception_handler(
      [&s](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "unknown error";
        try {
          std::rethrow_exception(ep);
        } catch (const std::exception& e) {
          what = e.what();
        } catch (...) {
        }
        Call c{req, res, nullptr, {}, {}, {}, {}, {}};
        s.send_error(c, S3Error(S3ErrorCode::internal_error, what));
      });
  s.http.set_keep_alive_timeout(5);
  s.http.set_read_timeout(60);
  s.http.set_write_timeout(60);
}

S3Server::~S3Server() = default;

int S3Server::bind() {
  Impl& s = *impl_;
  if (s.config.port == 0) return s.http.bind_to_any_port(s.config.host);
  return s.http.bind_to_port(s.config.host, s.config.port) ? s.config.port : -1;
}

bool S3Server::run() { return impl_->http.listen_after_bind(); }
void S3Server::stop() { impl_->http.stop(); }

}  // namespace sigv4::serve
