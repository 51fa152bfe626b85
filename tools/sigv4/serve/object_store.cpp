#include "object_store.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <random>

#include "sigv4/crypto/hex.hpp"
#include "sigv4/crypto/sha256.hpp"

namespace fs = std::filesystem;

namespace sigv4::serve {
namespace {

// The object file ends with its metadata: "<hex name> <hex value>\n" lines, then a 16-digit
// decimal length of those lines. Data first lets the body stream straight into the file.
constexpr std::size_t kTrailerDigits = 16;

std::string hex_of(std::string_view s) {
  return crypto::hex(
      std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(s.data()), s.size()));
}

std::optional<std::string> unhex(std::string_view s) {
  if (s.size() % 2) return std::nullopt;
  std::string out(s.size() / 2, '\0');
  for (std::size_t i = 0; i < out.size(); ++i) {
    const int hi = crypto::hex_digit_value(s[2 * i]), lo = crypto::hex_digit_value(s[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out[i] = static_cast<char>(hi << 4 | lo);
  }
  return out;
}

std::string encode_meta(const ObjectInfo& info, std::uint64_t size) {
  std::string m;
  auto line = [&](std::string_view k, std::string_view v) { m += hex_of(k) + " " + hex_of(v) + "\n"; };
  line("key", info.key);
  line("size", std::to_string(size));
  line("etag", info.etag);
  line("mtime", std::to_string(info.last_modified));
  for (const auto& [k, v] : info.headers) line("h:" + k, v);
  return m;
}

std::optional<ObjectInfo> decode_meta(std::string_view m) {
  ObjectInfo info;
  while (!m.empty()) {
    const auto nl = m.find('\n');
    const std::string_view line = m.substr(0, nl);
    m.remove_prefix(nl == std::string_view::npos ? m.size() : nl + 1);
    const auto sp = line.find(' ');
    if (sp == std::string_view::npos) return std::nullopt;
    auto k = unhex(line.substr(0, sp));
    auto v = unhex(line.substr(sp + 1));
    if (!k || !v) return std::nullopt;
    if (*k == "key")
      info.key = *v;
    else if (*k == "size")
      info.size = std::stoull(*v);
    else if (*k == "etag")
      info.etag = *v;
    else if (*k == "mtime")
      info.last_modified = std::stoll(*v);
    else if (k->rfind("h:", 0) == 0)
      info.headers.emplace_back(k->substr(2), *v);
  }
  return info;
}

// Appends the metadata trailer to an open data file.
bool append_meta(std::ofstream& out, const ObjectInfo& info, std::uint64_t size) {
  const std::string meta = encode_meta(info, size);
  std::string len = std::to_string(meta.size());
  len.insert(0, kTrailerDigits - len.size(), '0');
  out.write(meta.data(), static_cast<std::streamsize>(meta.size()));
  out.write(len.data(), static_cast<std::streamsize>(len.size()));
  out.flush();
  return static_cast<bool>(out);
}

std::optional<ObjectReader> read_object_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::error_code ec;
  const auto total = fs::file_size(path, ec);
  if (ec || total < kTrailerDigits) return std::nullopt;
  in.seekg(static_cast<std::streamoff>(total - kTrailerDigits));
  std::string len(kTrailerDigits, '\0');
  if (!in.read(len.data(), kTrailerDigits)) return std::nullopt;
  std::uint64_t meta_size = 0;
  try {
    meta_size = std::stoull(len);
  } catch (...) {
    return std::nullopt;
  }
  if (meta_size > total - kTrailerDigits) return std::nullopt;
  const std::uint64_t data_size = total - kTrailerDigits - meta_size;
  in.seekg(static_cast<std::streamoff>(data_size));
  std::string meta(meta_size, '\0');
  if (!in.read(meta.data(), static_cast<std::streamsize>(meta_size))) return std::nullopt;
  auto info = decode_meta(meta);
  if (!info || info->size != data_size) return std::nullopt;
  return ObjectReader{std::move(*info), path, 0};
}

std::string random_id() {
  thread_local std::mt19937_64 rng(
      std::random_device{}() ^
      static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()));
  static std::atomic<std::uint64_t> counter{0};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%016llx%08llx", static_cast<unsigned long long>(rng()),
                static_cast<unsigned long long>(counter.fetch_add(1) & 0xffffffff));
  return buf;
}

std::string part_name(int n) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "part-%05d", n);
  return buf;
}

}  // namespace

PendingObject::~PendingObject() { discard(); }

bool PendingObject::write(std::string_view data) {
  if (!out_.is_open()) return false;
  out_.write(data.data(), static_cast<std::streamsize>(data.size()));
  size_ += data.size();
  return static_cast<bool>(out_);
}

void PendingObject::discard() {
  if (out_.is_open()) out_.close();
  if (!data_path_.empty()) {
    std::error_code ec;
    fs::remove(data_path_, ec);
    data_path_.clear();
  }
}

ObjectStore::ObjectStore(fs::path root) : root_(std::move(root)) { fs::create_directories(root_ / ".tmp"); }

bool ObjectStore::valid_bucket_name(std::string_view name) {
  if (name.size() < 3 || name.size() > 63) return false;
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!alnum(name.front()) || !alnum(name.back())) return false;
  if (name.find("..") != std::string_view::npos) return false;
  return std::all_of(name.begin(), name.end(), [&](char c) { return alnum(c) || c == '-' || c == '.'; });
}

bool ObjectStore::create_bucket(const std::string& bucket) {
  std::error_code ec;
  return fs::create_directory(root_ / bucket, ec) && !ec;
}

bool ObjectStore::bucket_exists(const std::string& bucket) const {
  std::error_code ec;
  return valid_bucket_name(bucket) && fs::is_directory(root_ / bucket, ec);
}

bool ObjectStore::delete_bucket(const std::string& bucket) {
  std::error_code ec;
  const fs::path uploads = root_ / bucket / ".uploads";
  if (fs::exists(uploads, ec) && !fs::is_empty(uploads, ec)) return false;
  fs::remove(uploads, ec);
  return fs::remove(root_ / bucket, ec);  // fails (false) when not empty
}

std::vector<std::string> ObjectStore::buckets() const {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(root_)) {
    const std::string name = e.path().filename().string();
    if (e.is_directory() && valid_bucket_name(name)) out.push_back(name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

fs::path ObjectStore::object_path(const std::string& bucket, const std::string& key) const {
  return root_ / bucket / (crypto::hex(crypto::sha256(key)) + ".obj");
}

fs::path ObjectStore::upload_dir(const std::string& bucket, const std::string& upload_id) const {
  return root_ / bucket / ".uploads" / upload_id;
}

PendingObject ObjectStore::begin_object() {
  PendingObject p;
  p.data_path_ = root_ / ".tmp" / (random_id() + ".part");
  p.out_.open(p.data_path_, std::ios::binary | std::ios::trunc);
  return p;
}

bool ObjectStore::publish(const std::string& bucket, PendingObject& pending, ObjectInfo info) {
  if (!pending.out_.is_open()) return false;
  info.size = pending.size_;
  if (!append_meta(pending.out_, info, pending.size_)) return false;
  pending.out_.close();
  std::error_code ec;
  fs::rename(pending.data_path_, object_path(bucket, info.key), ec);  // atomic replace
  if (ec) return false;
  pending.data_path_.clear();
  return true;
}

std::optional<ObjectReader> ObjectStore::open(const std::string& bucket, const std::string& key) const {
  auto r = read_object_file(object_path(bucket, key));
  if (!r || r->info.key != key) return std::nullopt;
  return r;
}

bool ObjectStore::remove(const std::string& bucket, const std::string& key) {
  std::error_code ec;
  return fs::remove(object_path(bucket, key), ec);
}

std::vector<ObjectInfo> ObjectStore::list(const std::string& bucket) const {
  std::vector<ObjectInfo> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(root_ / bucket, ec)) {
    if (e.path().extension() != ".obj") continue;
    if (auto r = read_object_file(e.path())) out.push_back(std::move(r->info));
  }
  std::sort(out.begin(), out.end(), [](const ObjectInfo& a, const ObjectInfo& b) { return a.key < b.key; });
  return out;
}

std::string ObjectStore::create_upload(const std::string& bucket, const ObjectInfo& info) {
  const std::string id = random_id();
  const fs::path dir = upload_dir(bucket, id);
  fs::create_directories(dir);
  std::ofstream out(dir / "upload", std::ios::binary);
  append_meta(out, info, 0);
  return id;
}

std::optional<ObjectInfo> ObjectStore::upload_info(const std::string& bucket,
                                                   const std::string& upload_id) const {
  if (upload_id.empty() || upload_id.find_first_not_of("0123456789abcdef") != std::string::npos)
    return std::nullopt;
  auto r = read_object_file(upload_dir(bucket, upload_id) / "upload");
  if (!r) return std::nullopt;
  return r->info;
}

bool ObjectStore::publish_part(const std::string& bucket, const std::string& upload_id, int part_number,
                               PendingObject& pending, const std::string& etag) {
  ObjectInfo info;
  info.key = part_name(part_number);
  info.etag = etag;
  if (!append_meta(pending.out_, info, pending.size_)) return false;
  pending.out_.close();
  std::error_code ec;
  fs::rename(pending.data_path_, upload_dir(bucket, upload_id) / part_name(part_number), ec);
  if (ec) return false;
  pending.data_path_.clear();
  return true;
}

std::vector<PartInfo> ObjectStore::parts(const std::string& bucket, const std::string& upload_id) const {
  std::vector<PartInfo> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(upload_dir(bucket, upload_id), ec)) {
    const std::string name = e.path().filename().string();
    if (name.rfind("part-", 0) != 0) continue;
    if (auto r = read_object_file(e.path()))
      out.push_back({std::stoi(name.substr(5)), r->info.size, r->info.etag});
  }
  std::sort(out.begin(), out.end(), [](const PartInfo& a, const PartInfo& b) { return a.number < b.number; });
  return out;
}

bool ObjectStore::complete_upload(const std::string& bucket, const std::string& upload_id,
                                  const std::vector<int>& part_numbers, ObjectInfo info) {
  PendingObject pending = begin_object();
  std::string buf(1 << 20, '\0');
  for (int n : part_numbers) {
    const auto part = read_object_file(upload_dir(bucket, upload_id) / part_name(n));
    if (!part) return false;
    std::ifstream in(part->path, std::ios::binary);
    std::uint64_t left = part->info.size;
    while (left > 0) {
      const auto want = static_cast<std::streamsize>(std::min<std::uint64_t>(left, buf.size()));
      if (!in.read(buf.data(), want)) return false;
      if (!pending.write(std::string_view(buf.data(), static_cast<std::size_t>(want)))) return false;
      left -= static_cast<std::uint64_t>(want);
    }
  }
  if (!publish(bucket, pending, std::move(info))) return false;
  return abort_upload(bucket, upload_id);
}

bool ObjectStore::abort_upload(const std::string& bucket, const std::string& upload_id) {
  std::error_code ec;
  return fs::remove_all(upload_dir(bucket, upload_id), ec) > 0;
}

}  // namespace sigv4::serve
