// Every `sigv4` sub-command: each takes its arguments (after the command name) and returns the exit
// code (0 success, 1 bad input or refused, 2 usage error raised as UsageError).
#pragma once

#include <string>
#include <vector>

namespace sigv4::cli {

int cmd_sign(const std::vector<std::string>& args);
int cmd_presign(const std::vector<std::string>& args);
int cmd_verify(const std::vector<std::string>& args);
int cmd_serve(const std::vector<std::string>& args);
int cmd_sign_chunked(const std::vector<std::string>& args);
int cmd_curl(const std::vector<std::string>& args);
// `presign s3://BUCKET/KEY ...` (cmd_presign hands over when an argument starts with s3://).
int cmd_presign_s3(const std::vector<std::string>& args);
int cmd_eks_token(const std::vector<std::string>& args);
int cmd_rds_token(const std::vector<std::string>& args);
int cmd_dsql_token(const std::vector<std::string>& args);
int cmd_post_policy(const std::vector<std::string>& args);
int cmd_explain(const std::vector<std::string>& args);

}  // namespace sigv4::cli
