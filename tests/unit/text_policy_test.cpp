#include "rooms/text_policy.h"

#include <gtest/gtest.h>

namespace hallcast {
namespace {

const Rejection* rejection(const Checked<std::string>& r) { return std::get_if<Rejection>(&r); }

TEST(ChatText, IsTrimmedAndKept) {
  auto r = normalizeChatText("  What about clinical translation?  ", 500);
  ASSERT_FALSE(rejection(r));
  EXPECT_EQ(std::get<std::string>(r), "What about clinical translation?");
}

TEST(ChatText, FoldsCrLfAndKeepsNewlines) {
  auto r = normalizeChatText("line one\r\nline two", 500);
  EXPECT_EQ(std::get<std::string>(r), "line one\nline two");
}

TEST(ChatText, RejectsEmptyAndBlank) {
  for (const char* text : {"", "   ", "\xE3\x80\x80\n"}) {
    auto r = normalizeChatText(text, 500);
    ASSERT_TRUE(rejection(r)) << text;
    EXPECT_EQ(rejection(r)->code, v1::ERROR_CODE_INVALID_ARGUMENT);
    EXPECT_EQ(rejection(r)->message, "chat message is empty");
  }
}

TEST(ChatText, CountsCharactersNotBytesAfterTrimming) {
  std::string chinese;
  for (int i = 0; i < 500; ++i) chinese += "论";  // 1500 bytes, 500 characters
  EXPECT_FALSE(rejection(normalizeChatText("  " + chinese + "  ", 500)));
  auto r = normalizeChatText(chinese + "论", 500);
  ASSERT_TRUE(rejection(r));
  EXPECT_EQ(rejection(r)->message, "chat message is 501 characters long; the limit is 500");
}

TEST(ChatText, RejectsInvalidUtf8AndControlCharacters) {
  auto bad = normalizeChatText("caf\xC3", 500);
  ASSERT_TRUE(rejection(bad));
  EXPECT_EQ(rejection(bad)->message, "chat message is not valid UTF-8");
  auto control = normalizeChatText("bell\x07", 500);
  ASSERT_TRUE(rejection(control));
  EXPECT_EQ(rejection(control)->message, "chat message contains control characters");
  EXPECT_FALSE(rejection(normalizeChatText("tab\there", 500)));
}

TEST(DisplayName, AllowsNoNewlinesAndAtMost64Characters) {
  EXPECT_EQ(std::get<std::string>(normalizeDisplayName(" 王芳 ")), "王芳");
  EXPECT_TRUE(rejection(normalizeDisplayName("two\nlines")));
  EXPECT_TRUE(rejection(normalizeDisplayName(std::string(65, 'x'))));
  EXPECT_FALSE(rejection(normalizeDisplayName(std::string(64, 'x'))));
}

}  // namespace
}  // namespace hallcast
