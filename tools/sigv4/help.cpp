#include "help.hpp"

#include <map>

namespace sigv4::cli {
namespace {

constexpr std::string_view kRequest =
    "request:    --request FILE|-                  a raw HTTP/1.1 request (request line, headers, body)\n"
    "  or        -X METHOD --url URL [-H 'Name: value']... [--data TEXT | --data-binary @FILE]\n";

constexpr std::string_view kCredentials =
    "credentials: --access-key K --secret-key S [--session-token T]\n"
    "            (default: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN)\n";

constexpr std::string_view kSigning =
    "signing:    --region R (default AWS_REGION / AWS_DEFAULT_REGION) --service S [--time YYYYMMDDTHHMMSSZ]\n"
    "            [--s3]                       S3 rules: single encoding, no path normalisation,\n"
    "                                         x-amz-content-sha256\n"
    "            [--no-normalize-path] [--no-double-encode]\n"
    "            [--unsigned-payload | --payload-hash HEX|LITERAL] [--content-sha256-header]\n"
    "            [--omit-session-token]       append the token after signing (IoT, some services)\n"
    "            [--sigv4a [--region-set REGIONS]]  SigV4a (ECDSA P-256); REGIONS: '*' or 'us-east-1,us-west-2'\n";

constexpr std::string_view kS3Location =
    "location:   s3://BUCKET/KEY [--endpoint URL] [--path-style | --virtual-hosted]\n";

const std::map<std::string_view, std::string_view, std::less<>>& texts() {
  static const std::map<std::string_view, std::string_view, std::less<>> kTexts = {
      {"sign",
       "usage: sigv4 sign REQUEST CREDENTIALS SIGNING [--json] [-v]\n"
       "Prints the request with its signature headers added; --json prints every intermediate (canonical\n"
       "request, string to sign, scope, signed headers, signature, signing key) instead. -v prints the\n"
       "intermediates to stderr with secrets redacted.\n"},
      {"presign",
       "usage: sigv4 presign REQUEST CREDENTIALS SIGNING [--expires SECONDS] [--json] [-v]\n"
       "       sigv4 presign s3://BUCKET/KEY [-X METHOD] [--expires SECONDS] [--version-id V] [-H 'Name: v']...\n"
       "                     [--query K=V]... [--response-content-type V] [--response-content-disposition V]\n"
       "                     [--response-cache-control V] [--response-content-encoding V]\n"
       "                     [--response-content-language V] [--response-expires V] [--endpoint URL]\n"
       "                     [--path-style | --virtual-hosted] [--region R] [--json] [-v]\n"
       "Prints a presigned URL (query signing, X-Amz-Expires 1..604800, default 3600). The s3:// form builds\n"
       "the S3 URL itself (addressing style, endpoint, response-* overrides) like aws s3 presign.\n"},
      {"sign-chunked",
       "usage: sigv4 sign-chunked REQUEST CREDENTIALS SIGNING [--mode signed|signed-trailer|unsigned-trailer]\n"
       "                          [--checksum crc32|crc32c|crc64nvme|sha1|sha256] [--chunk-size BYTES] [--json]\n"
       "Prints the request with an aws-chunked body (STREAMING-* payload): chunk signatures chained from the\n"
       "seed signature, and the checksum trailer when asked.\n"},
      {"verify",
       "usage: sigv4 verify --request FILE|- [--request-gz] --credentials AK:SECRET[,AK2:SECRET2...]\n"
       "                    [--now YYYYMMDDTHHMMSSZ] [--region R] [--service S] [--max-skew SECONDS]\n"
       "                    [--output FILE|-] [--json]\n"
       "Authenticates a raw request as S3 does (header, presigned or streaming; body checks included) and\n"
       "prints OK or S3's error; exit 0 when accepted, 1 when refused. --output writes the decoded body.\n"},
      {"serve",
       "usage: sigv4 serve --root DIR (--credentials AK:SECRET[,...] | --credentials-file FILE)\n"
       "                   [--host 127.0.0.1] [--port N] [--port-file FILE] [--region R] [--max-skew SECONDS]\n"
       "                   [--domain NAME]... [--min-part-size BYTES] [--quiet] [--sigv4a]\n"
       "An S3-compatible object server that authenticates every request with the sigv4 verifier: buckets,\n"
       "PUT/GET/HEAD/DELETE, ListObjectsV2, multipart uploads, aws-chunked uploads, presigned URLs, POST\n"
       "policy uploads. --domain NAME: BUCKET.NAME[:port] addresses BUCKET (virtual-hosted; default localhost).\n"
       "--sigv4a also accepts SigV4a requests (ECDSA chunked uploads included); it needs --region, which each\n"
       "request's X-Amz-Region-Set must contain. Without it SigV4a is refused (Unsupported Authorization Type).\n"},
      {"eks-token",
       "usage: sigv4 eks-token (--cluster NAME | --cluster-id ID) [--region R] [--sts-host HOST]\n"
       "                       [--api-version client.authentication.k8s.io/v1beta1|v1] [--token-only] [-v] CREDENTIALS\n"
       "Prints a kubectl ExecCredential holding an EKS bearer token (a presigned STS GetCallerIdentity URL).\n"},
      {"rds-token",
       "usage: sigv4 rds-token --host H --port P --user U [--region R] [-v] CREDENTIALS\n"
       "Prints an RDS IAM authentication token (valid 15 minutes) to use as the database password.\n"},
      {"dsql-token",
       "usage: sigv4 dsql-token --host H [--admin] [--expires SECONDS] [--region R] [-v] CREDENTIALS\n"
       "Prints an Aurora DSQL authentication token (DbConnect, or DbConnectAdmin with --admin).\n"},
      {"post-policy",
       "usage: sigv4 post-policy s3://BUCKET/KEY [--expires SECONDS] [--acl ACL] [--content-type T |\n"
       "                         --content-type-prefix P] [--content-length-range MIN,MAX] [--meta NAME=V]...\n"
       "                         [--field NAME=V]... [--starts-with FIELD=PREFIX]... [--success-action-status\n"
       "                         200|201|204] [--success-action-redirect URL] [--html FILE] [--endpoint URL]\n"
       "                         [--path-style | --virtual-hosted] [--region R] CREDENTIALS\n"
       "Prints the form fields of a browser-based S3 POST upload (policy, X-Amz-Signature, ...) as JSON;\n"
       "--html writes a ready-to-use upload form.\n"},
      {"explain",
       "usage: sigv4 explain (--request FILE | --log FILE) --error FILE [--json]\n"
       "Explains a SignatureDoesNotMatch: compares the canonical request and string to sign the client\n"
       "signed (from the raw request, or a botocore/SDK debug log) with those in the server's XML error, and\n"
       "names the first difference and its likely cause.\n"},
  };
  return kTexts;
}

}  // namespace

std::optional<std::string> command_help(std::string_view command) {
  const auto& t = texts();
  const auto it = t.find(command);
  if (it == t.end()) return std::nullopt;
  std::string out(it->second);
  const bool takes_request = command == "sign" || command == "presign" || command == "sign-chunked";
  const bool takes_credentials = takes_request || command == "eks-token" || command == "rds-token" ||
                                 command == "dsql-token" || command == "post-policy";
  if (takes_request) out.append("\n").append(kRequest).append(kSigning);
  if (command == "presign" || command == "post-policy") out.append(kS3Location);
  if (takes_credentials) out.append(kCredentials);
  return out;
}

bool is_help_request(const std::vector<std::string>& args) {
  // "-h" only in first place: later it could be an option's value.
  if (!args.empty() && args.front() == "-h") return true;
  for (const auto& a : args)
    if (a == "--help") return true;
  return false;
}

}  // namespace sigv4::cli
