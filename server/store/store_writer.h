#pragma once
// The hub's writes to its durable store, off the event loop: one thread per
// store runs each batch (one transaction for SQLite, one scripted call for
// Redis) and the reads a cluster node needs to catch up, in the order they
// were given, and hands each result back to the loop through `post` (the
// loop's LoopQueue). The event loop, which serves every viewer's video and
// socket, never waits for a disk or a network round trip.
//
// Without `post` the writer is inline: each job runs at once on the caller's
// thread and its result is handed back before the call returns (tools and
// fuzzers, which have no loop).

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "store/event_log.h"
#include "store/vote_store.h"

namespace hallcast {

// What one loop turn stores: room events and sanctions (appended atomically,
// in order) and vote changes.
struct WriteBatch {
  std::vector<StoredEvent> events;
  std::vector<VoteChange> votes;
};

// How a part of a batch went.
struct WriteOutcome {
  enum class Status { kStored, kConflict, kUnavailable, kFailed };
  Status status = Status::kStored;
  std::string error;  // unless stored
  bool stored() const { return status == Status::kStored; }
};

struct WriteResult {
  WriteOutcome events;
  WriteOutcome votes;
  // On a conflict (another node took a seq first): what the log holds after
  // the seqs the batch assumed, stream by stream, oldest first.
  std::vector<StoredEvent> caught_up;
};

class StoreWriter {
 public:
  using Post = std::function<void(std::function<void()>)>;

  // `log` and `votes` are used only by the writer from now on.
  StoreWriter(EventLog& log, VoteStore& votes, Post post = nullptr);
  ~StoreWriter();
  StoreWriter(const StoreWriter&) = delete;
  StoreWriter& operator=(const StoreWriter&) = delete;

  // Stores `batch`; `done` gets the outcome on the loop.
  void write(WriteBatch batch, std::function<void(WriteResult)> done);
  // Reads each stream's events after its seq (stream id, seq); `done` gets
  // them, oldest first per stream, or the error that stopped the reading.
  void read(std::vector<std::pair<std::string, uint64_t>> after,
            std::function<void(std::vector<StoredEvent>, std::string error)> done);
  // Runs `job` on the store's thread, in turn with the writes (for other
  // commands on the same connection: `log` and `votes` share it); `done`
  // gets on the loop what it threw ("": nothing).
  void run(std::function<void()> job, std::function<void(std::string error)> done);
  // Ends the thread after the job under way; what is queued is dropped
  // (nothing of it was acknowledged). Results not yet handed back are lost.
  void stop();

 private:
  void run();
  void submit(std::function<std::function<void()>()> job);
  std::vector<StoredEvent> readAfter(const std::vector<std::pair<std::string, uint64_t>>& after);
  WriteResult store(const WriteBatch& batch);

  EventLog& log_;
  VoteStore& votes_;
  Post post_;
  std::mutex mutex_;
  std::condition_variable wake_;
  // Each job runs on the thread and returns what to run on the loop.
  std::deque<std::function<std::function<void()>()>> jobs_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace hallcast
