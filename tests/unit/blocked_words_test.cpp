#include "rooms/blocked_words.h"

#include <gtest/gtest.h>

namespace hallcast {
namespace {

// The word the refusal names, or "" when the text passes.
std::string found(const BlockedWords& words, std::string_view text) {
  const auto refused = words.check(text);
  if (!refused) return "";
  EXPECT_EQ(refused->code, v1::ERROR_CODE_INVALID_ARGUMENT);
  const std::size_t open = refused->message.find('"');
  const std::size_t close = refused->message.find('"', open + 1);
  return refused->message.substr(open + 1, close - open - 1);
}

TEST(BlockedWords, AsciiWordsMatchWholeWordsOnly) {
  const BlockedWords words({"ass", "spam"});
  EXPECT_EQ(found(words, "what an ass"), "ass");
  EXPECT_EQ(found(words, "ass!"), "ass");
  EXPECT_EQ(found(words, "(spam), really"), "spam");
  EXPECT_EQ(found(words, "a class act"), "");
  EXPECT_EQ(found(words, "assessment"), "");
  EXPECT_EQ(found(words, "spammer spam2"), "");
  EXPECT_EQ(found(words, "ass_ok"), "ass") << "underscore is not a letter or digit";
  EXPECT_EQ(found(words, "class ass"), "ass") << "a later occurrence is still found";
}

TEST(BlockedWords, IgnoreAsciiCaseAndNameTheWordAsWritten) {
  const BlockedWords words({"SPAM"});
  EXPECT_EQ(found(words, "Buy SpAm now"), "SpAm");
  const auto refused = BlockedWords({"spam"}).check("spam");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->message, "the message contains \"spam\", which this event does not allow");
  EXPECT_EQ(BlockedWords({"spam"}).check("spam?", "the question")->message,
            "the question contains \"spam\", which this event does not allow");
}

TEST(BlockedWords, NonAsciiEntriesMatchAsSubstrings) {
  const BlockedWords words({"发票", "Ärger"});
  EXPECT_EQ(found(words, "代开发票请联系"), "发票");
  EXPECT_EQ(found(words, "发票"), "发票");
  EXPECT_EQ(found(words, "kein ärger"), "") << "no case folding beyond ASCII";
  EXPECT_EQ(found(words, "großÄrgernis"), "Ärger") << "substring, and A-Z folding leaves UTF-8 alone";
  EXPECT_EQ(found(words, "发 票"), "");
}

TEST(BlockedWords, CjkNextToAnAsciiWordIsABoundary) {
  const BlockedWords words({"sb"});
  EXPECT_EQ(found(words, "你是SB吗"), "SB");
  EXPECT_EQ(found(words, "你是sbx吗"), "");
  EXPECT_EQ(found(words, "　sb　"), "sb") << "ideographic spaces";
}

TEST(BlockedWords, AsciiPhrasesNeedBoundariesAtTheirLetters) {
  const BlockedWords words({"bad word", "s.o.b", "!!!"});
  EXPECT_EQ(found(words, "a Bad Word here"), "Bad Word");
  EXPECT_EQ(found(words, "a bad words here"), "");
  EXPECT_EQ(found(words, "you s.o.b."), "s.o.b");
  EXPECT_EQ(found(words, "wow!!!!"), "!!!");
}

TEST(BlockedWords, ReportsTheFirstMatchInTheTextAndHandlesNoWords) {
  const BlockedWords words({"zeta", "alpha", "alpha beta"});
  EXPECT_EQ(found(words, "alpha beta zeta"), "alpha beta") << "the longest entry at the first position";
  EXPECT_EQ(found(words, "zeta alpha"), "zeta");
  EXPECT_FALSE(BlockedWords().check("anything"));
  EXPECT_EQ(BlockedWords({"a", "A", "a"}).size(), 1u);
  EXPECT_EQ(found(BlockedWords({"a"}), ""), "");
  EXPECT_EQ(found(BlockedWords({"é"}), "e\xcc\x81"), "") << "decomposed forms are other bytes";
}

}  // namespace
}  // namespace hallcast
