# Sending and credentials (issue 5): libcurl is the transport of sigv4::HttpClient and of the remote
# credential providers (IMDS, container endpoint, STS); nlohmann-json parses credential_process, IMDS
# and container answers (header-only, used only inside the library).
find_package(CURL REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
target_link_libraries(sigv4 PRIVATE CURL::libcurl $<BUILD_INTERFACE:nlohmann_json::nlohmann_json>)
# A static libsigv4 passes libcurl on to its users: the exported target names CURL::libcurl (the
# package config finds CURL), the pkg-config file lists -lcurl.
string(APPEND SIGV4_PC_LIBS_PRIVATE " -lcurl")
