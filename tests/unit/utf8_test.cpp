#include "common/utf8.h"

#include <gtest/gtest.h>

namespace hallcast {
namespace {

TEST(Utf8, AcceptsWellFormedText) {
  EXPECT_TRUE(isValidUtf8(""));
  EXPECT_TRUE(isValidUtf8("hello"));
  EXPECT_TRUE(isValidUtf8("生命科学国际论坛"));
  EXPECT_TRUE(isValidUtf8("\xF0\x9F\x94\xAC"));  // U+1F52C microscope
}

TEST(Utf8, RejectsMalformedText) {
  EXPECT_FALSE(isValidUtf8("\xC3"));              // truncated
  EXPECT_FALSE(isValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(isValidUtf8("\xED\xA0\x80"));      // surrogate U+D800
  EXPECT_FALSE(isValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(isValidUtf8("\xFF"));
  EXPECT_FALSE(isValidUtf8("ok\x80"));            // stray continuation byte
}

TEST(Utf8, CountsCodePoints) {
  EXPECT_EQ(countCodePoints("abc"), 3u);
  EXPECT_EQ(countCodePoints("论坛"), 2u);
  EXPECT_EQ(countCodePoints("\xF0\x9F\x94\xAC!"), 2u);
}

TEST(Utf8, MalformedBytesBecomeReplacementCharacters) {
  EXPECT_EQ(toValidUtf8("论坛 ok"), "论坛 ok");
  EXPECT_EQ(toValidUtf8("a\xFF" "b"), "a\xEF\xBF\xBD" "b");
  EXPECT_EQ(toValidUtf8("\xE8\xAE"), "\xEF\xBF\xBD\xEF\xBF\xBD");  // cut off: one per byte
  EXPECT_TRUE(isValidUtf8(toValidUtf8("\xC0\x80\xED\xA0\x80")));      // overlong, surrogate
}

TEST(Utf8, TrimsAsciiAndUnicodeSpaces) {
  EXPECT_EQ(trimSpace("  hi \n"), "hi");
  EXPECT_EQ(trimSpace("\xE3\x80\x80你好\xE3\x80\x80"), "你好");  // U+3000 ideographic space
  EXPECT_EQ(trimSpace("\xEF\xBB\xBFtext\xC2\xA0"), "text");       // BOM, NBSP
  EXPECT_EQ(trimSpace("a b"), "a b");
  EXPECT_EQ(trimSpace(" \t "), "");
}

}  // namespace
}  // namespace hallcast
