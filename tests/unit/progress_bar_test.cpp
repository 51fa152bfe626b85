// The transfer progress bar's text (drawn on a terminal for transfers over a few MiB).
#include <gtest/gtest.h>

#include "http/progress_bar.hpp"

using sigv4::http_detail::ProgressBar;

TEST(ProgressBar, ShowsFillPercentSizesAndRate) {
  EXPECT_EQ(ProgressBar::render("upload", 12 * 1024 * 1024, 24 * 1024 * 1024, 4.0),
            "upload [###############               ]  50%  12.0/24.0 MiB  3.0 MiB/s");
}

TEST(ProgressBar, UnknownTotalShowsBytesAndRateOnly) {
  EXPECT_EQ(ProgressBar::render("download", 5 * 1024 * 1024, 0, 2.0), "download  5.0 MiB  2.5 MiB/s");
}

TEST(ProgressBar, NeverOverflowsPastTheTotal) {
  EXPECT_EQ(ProgressBar::render("upload", 30, 20, 0.0), "upload [##############################] 100%  0.0/0.0 MiB  0.0 MiB/s");
}
