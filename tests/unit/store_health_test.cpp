#include "store/store_health.h"

#include <gtest/gtest.h>

#include "media/health_board.h"

namespace hallcast {
namespace {

TEST(StoreHealth, FailingUntilAWriteGoesThroughAgain) {
  StoreHealth store;
  EXPECT_FALSE(store.failing());
  store.failed("database or disk is full");
  store.failed("database or disk is full");
  EXPECT_TRUE(store.failing());
  EXPECT_EQ(store.failures(), 2u);
  EXPECT_EQ(store.lastError(), "database or disk is full");
  store.succeeded();
  EXPECT_FALSE(store.failing());
  EXPECT_EQ(store.failures(), 2u) << "a counter: it never goes down";
}

TEST(StoreHealth, TechniciansGetOneEventWideAlertForAnOutageAndOneForItsEnd) {
  StoreHealth store;
  HealthBoard board;
  EXPECT_TRUE(board.storeAlertChanges(store).empty());
  store.failed("database or disk is full");
  auto changes = board.storeAlertChanges(store);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].kind(), v1::ALERT_KIND_STORAGE);
  EXPECT_EQ(changes[0].room_id(), "") << "event-wide";
  EXPECT_EQ(changes[0].severity(), v1::SEVERITY_CRITICAL);
  EXPECT_TRUE(changes[0].active());
  EXPECT_NE(changes[0].message().find("database or disk is full"), std::string::npos);
  store.failed("database or disk is full");
  EXPECT_TRUE(board.storeAlertChanges(store).empty()) << "raised once";
  store.succeeded();
  changes = board.storeAlertChanges(store);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_FALSE(changes[0].active());
  EXPECT_EQ(changes[0].since().seconds(), storageAlert(store, true).since().seconds());
  EXPECT_TRUE(board.storeAlertChanges(store).empty());
}

}  // namespace
}  // namespace hallcast
