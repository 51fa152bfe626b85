# Per-component dependencies of the library (included by the top CMakeLists.txt).

# ISA-L (Debian libisal-dev): CRC32 and CRC32C for S3 checksums (aws-chunked trailers), PCLMULQDQ
# folding chosen at run time. Linked by plain name (a system library), so the exported target and the
# pkg-config file (Libs.private) name it for static consumers.
find_path(SIGV4_ISAL_INCLUDE_DIR NAMES isa-l/crc.h REQUIRED)
find_library(SIGV4_ISAL_LIBRARY NAMES isal REQUIRED)
target_include_directories(sigv4 PRIVATE ${SIGV4_ISAL_INCLUDE_DIR})
target_link_libraries(sigv4 PRIVATE isal)
string(APPEND SIGV4_PC_LIBS_PRIVATE " -lisal")

# CRC64/NVME: ISA-L has it from 2.31 on (crc64_rocksoft_refl); Debian 12 ships 2.30, where our own
# implementation is used instead (src/crypto/crc64nvme.cpp).
include(CheckSymbolExists)
set(CMAKE_REQUIRED_INCLUDES ${SIGV4_ISAL_INCLUDE_DIR})
set(CMAKE_REQUIRED_LIBRARIES ${SIGV4_ISAL_LIBRARY})
check_symbol_exists(crc64_rocksoft_refl "stdint.h;isa-l/crc64.h" SIGV4_HAVE_ISAL_CRC64_ROCKSOFT)
unset(CMAKE_REQUIRED_INCLUDES)
unset(CMAKE_REQUIRED_LIBRARIES)
if(SIGV4_HAVE_ISAL_CRC64_ROCKSOFT)
  target_compile_definitions(sigv4 PRIVATE SIGV4_HAVE_ISAL_CRC64_ROCKSOFT=1)
endif()

# libcurl and nlohmann-json for sending and the remote credential providers (issue 5).
include(${CMAKE_CURRENT_LIST_DIR}/Sigv4Http.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/Sigv4Services.cmake)
