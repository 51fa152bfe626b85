# Service helpers (issue 7): the POST policy verifier parses the policy document with nlohmann-json
# (header-only, used only inside the library, so it is not part of the installed interface).
find_package(nlohmann_json 3 REQUIRED)
target_link_libraries(sigv4 PRIVATE $<BUILD_INTERFACE:nlohmann_json::nlohmann_json>)
