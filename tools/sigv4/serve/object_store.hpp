// The on-disk object store behind `sigv4 serve`: buckets, objects and multipart uploads in a folder.
//
// Layout under the root:
//   <bucket>/                      one folder per bucket (S3 bucket names cannot start with '.')
//   <bucket>/<sha256(key)>.obj     one file per object: a small header (key, size, ETag, content
//                                  type, user metadata, checksums) followed by the data
//   <bucket>/.uploads/<id>/        a multipart upload: "upload" (its key and headers), "part-NNNNN"
//   .tmp/                          objects being written (emptied when the store opens)
// An object is written to .tmp/ while its body streams and verifies, then published with one
// rename(2) over the final name: readers see the old object or the new one, never a part, and a
// refused upload (discard()) leaves nothing behind and the old object untouched.
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sigv4::serve {

struct ObjectInfo {
  std::string key;
  std::uint64_t size = 0;
  std::string etag;                // without quotes: hex MD5, or "<hex>-<parts>" for multipart objects
  std::int64_t last_modified = 0;  // unix seconds
  // Headers returned on GET/HEAD (Content-Type, x-amz-meta-*, x-amz-checksum-*, ...), lower-case names.
  std::vector<std::pair<std::string, std::string>> headers;
};

// A file being written; published by ObjectStore::publish(), removed by discard() or its destructor.
class PendingObject {
 public:
  PendingObject() = default;
  PendingObject(const PendingObject&) = delete;
  PendingObject& operator=(const PendingObject&) = delete;
  PendingObject(PendingObject&&) noexcept = default;
  PendingObject& operator=(PendingObject&&) noexcept = default;
  ~PendingObject();

  bool write(std::string_view data);
  void discard();
  [[nodiscard]] std::uint64_t size() const noexcept { return size_; }

 private:
  friend class ObjectStore;
  std::filesystem::path data_path_;
  std::ofstream out_;
  std::uint64_t size_ = 0;
};

// An open object for reading: its info and where its data starts in the file.
struct ObjectReader {
  ObjectInfo info;
  std::filesystem::path path;
  std::uint64_t data_offset = 0;
};

struct PartInfo {
  int number = 0;
  std::uint64_t size = 0;
  std::string etag;
};

class ObjectStore {
 public:
  explicit ObjectStore(std::filesystem::path root);

  // S3 bucket naming rules: 3-63 characters of a-z 0-9 . -, starting and ending with a letter or digit.
  static bool valid_bucket_name(std::string_view name);

  bool create_bucket(const std::string& bucket);  // false when it exists
  [[nodiscard]] bool bucket_exists(const std::string& bucket) const;
  // false when not empty (objects or uploads in progress)
  bool delete_bucket(const std::string& bucket);
  [[nodiscard]] std::vector<std::string> buckets() const;

  PendingObject begin_object();
  // Moves the pending data into place as `key` with its info (size taken from the pending object).
  bool publish(const std::string& bucket, PendingObject& pending, ObjectInfo info);
  [[nodiscard]] std::optional<ObjectReader> open(const std::string& bucket, const std::string& key) const;
  bool remove(const std::string& bucket, const std::string& key);
  // Every object of the bucket, sorted by key (byte order).
  [[nodiscard]] std::vector<ObjectInfo> list(const std::string& bucket) const;

  // Multipart uploads.
  std::string create_upload(const std::string& bucket, const ObjectInfo& info);
  [[nodiscard]] std::optional<ObjectInfo> upload_info(const std::string& bucket,
                                                      const std::string& upload_id) const;
  bool publish_part(const std::string& bucket, const std::string& upload_id, int part_number,
                    PendingObject& pending, const std::string& etag);
  [[nodiscard]] std::vector<PartInfo> parts(const std::string& bucket, const std::string& upload_id) const;
  // Concatenates the given parts (already validated by the caller) into the object and removes the upload.
  bool complete_upload(const std::string& bucket, const std::string& upload_id,
                       const std::vector<int>& part_numbers, ObjectInfo info);
  bool abort_upload(const std::string& bucket, const std::string& upload_id);

 private:
  [[nodiscard]] std::filesystem::path object_path(const std::string& bucket, const std::string& key) const;
  [[nodiscard]] std::filesystem::path upload_dir(const std::string& bucket,
                                                 const std::string& upload_id) const;
  std::filesystem::path root_;
};

}  // namespace sigv4::serve
