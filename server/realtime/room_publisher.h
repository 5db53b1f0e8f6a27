#pragma once
// The write path of the real-time core: what a request stores — room
// events, a sanction, a vote — waits in the next batch; one batch at a time
// goes to the store's thread (StoreWriter), so what arrives while one is
// stored goes in the next, as one transaction (group commit). When the
// store answers, the events are committed in order (Sink), then each
// request is answered: whatever a client saw acknowledged is stored, and
// the loop never waits for the store. In cluster mode it also applies, in
// order, what other nodes stored (follow). Loop thread only.

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/clock.h"
#include "metrics/metrics.h"
#include "rooms/rejection.h"
#include "rooms/room.h"
#include "store/event_log.h"
#include "store/log_stream.h"
#include "store/store_health.h"
#include "store/store_writer.h"
#include "store/vote_store.h"

namespace hallcast {

class RoomPublisher {
 public:
  // How long a write may wait for its turn at the store before it is
  // refused (UNAVAILABLE), and how many may wait.
  static constexpr std::chrono::seconds kWriteDeadline{5};
  static constexpr std::size_t kMaxWaitingWrites = 50'000;

  // What came of a publication: stored (the seqs of its events, or its
  // sanction's), or refused (nothing of it committed).
  struct Published {
    std::vector<uint64_t> seqs;
    WriteOutcome::Status status = WriteOutcome::Status::kStored;
    bool stored() const { return status == WriteOutcome::Status::kStored; }
    // The refusal to answer with, saying that `what` ("the message") was
    // not stored and its `consequence` ("it was not sent").
    Rejection refusal(const std::string& what, const std::string& consequence) const;
  };
  using OnPublished = std::function<void(const Published&)>;

  // Where what the store took goes: the rooms and the sanctions.
  class Sink {
   public:
    virtual ~Sink() = default;
    // A room's event stored (this node's, or another node's followed), to
    // commit and fan out; `payload` as stored.
    virtual void committed(Room& room, v1::RoomEvent event, const std::string& payload) = 0;
    // A sanction stored; `foreign`: another node's, which nobody here has
    // announced yet.
    virtual void sanctioned(const v1::Sanction& sanction, bool foreign) = 0;
    // The seq this node has applied of the stream.
    virtual uint64_t head(const LogStream& stream) const = 0;
    // The room of this event with that id (nullptr: none).
    virtual Room* room(const std::string& room_id) = 0;
  };

  RoomPublisher(EventLog& log, VoteStore& votes, Metrics& metrics, const Clock& clock, Sink& sink);

  // From now on, the store is written (and read to catch up) on a thread of
  // its own, whose results come back through `post` (the loop's queue);
  // until then, and without it, writes run at once (tools, fuzzers).
  void writeOffTheLoop(StoreWriter::Post post);
  // Ends that thread (before the loop and the stores go away).
  void stopWriting();
  // Runs `job` on the store's thread, in turn with the writes; `done` gets
  // what it threw ("": nothing), on the loop.
  void onStoreThread(std::function<void()> job, std::function<void(std::string error)> done) {
    writer_->run(std::move(job), std::move(done));
  }

  // Stores `event` (built with room.nextEvent), then commits it (Sink) and
  // calls `done` — on a later loop turn. Its seq differs from the one it
  // was built with when an earlier write failed, or when another node took
  // that one first and the event only adds (a chat message, a new question
  // or poll, an announcement).
  void publish(Room& room, v1::RoomEvent event, OnPublished done);
  // The same, for one event in each room, stored atomically.
  void publishAll(std::vector<std::pair<Room*, v1::RoomEvent>> events, OnPublished done);
  // A sanction, in the event-wide stream.
  void publishSanction(v1::Sanction sanction, OnPublished done);
  // A vote change.
  void publishVote(VoteChange change, OnPublished done);

  // Refuses the writes that waited for their turn too long.
  void expire(Clock::Steady::time_point now);
  // Writes waiting for the store, and writes under way.
  std::size_t waiting() const { return forming_.size() + in_flight_.size(); }
  // Whether the store takes writes now.
  const StoreHealth& health() const { return health_; }

  // Cluster mode: an event read from the shared log (another node's, or
  // this node's own coming back). Applies what this node has not seen yet,
  // reading any gap before it from the log; the rest is ignored.
  void follow(const StoredEvent& stored);

 private:
  struct Publication {
    std::vector<std::pair<Room*, v1::RoomEvent>> events;
    std::optional<v1::Sanction> sanction;
    std::optional<VoteChange> vote;
    // Per event (then the sanction): its stream's count of other nodes'
    // events when it was built — a change since means it was built on a
    // state that is no longer the room's.
    std::vector<uint64_t> foreign_at;
    std::vector<std::string> payloads;  // as stored, per event (then the sanction)
    Clock::Steady::time_point since;
    int conflicts = 0;
    OnPublished done;
  };

  void enqueue(Publication publication);
  void schedule();
  void submit();
  void complete(WriteResult result);
  void refuse(Publication& publication, WriteOutcome::Status status);
  // Other nodes' events held until they apply in order. `may_read`: a gap
  // before them may be read from the log (not again right after such a read).
  void applyFollowed(const LogStream& stream, bool may_read = true);
  bool inFlight(const LogStream& stream) const;

  EventLog& log_;
  VoteStore& votes_;
  Metrics& metrics_;
  const Clock& clock_;
  Sink& sink_;
  StoreHealth health_;
  std::unique_ptr<StoreWriter> writer_;
  StoreWriter::Post post_;  // runs a task on a later loop turn; null: at once
  std::deque<Publication> forming_;       // the next batch
  std::vector<Publication> in_flight_;    // the batch at the store
  bool writing_ = false;
  bool submit_scheduled_ = false;
  uint64_t sanctions_pending_ = 0;         // built, not yet stored or refused
  std::map<LogStream, uint64_t> foreign_commits_;  // per stream: other nodes' events applied
  std::map<LogStream, std::map<uint64_t, StoredEvent>> followed_;  // other nodes' events not applied yet
  std::set<LogStream> reading_;  // streams with a catch-up read under way
};

}  // namespace hallcast
