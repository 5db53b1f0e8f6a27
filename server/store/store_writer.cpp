#include "store/store_writer.h"

#include <spdlog/spdlog.h>

#include <map>

namespace hallcast {
namespace {

// Events read per query while catching up.
constexpr std::size_t kReadPage = 1000;

WriteOutcome outcomeOf(const std::exception& e) {
  WriteOutcome out;
  out.error = e.what();
  if (dynamic_cast<const SeqConflict*>(&e)) {
    out.status = WriteOutcome::Status::kConflict;
  } else if (dynamic_cast<const StoreUnavailable*>(&e)) {
    out.status = WriteOutcome::Status::kUnavailable;
  } else {
    out.status = WriteOutcome::Status::kFailed;
  }
  return out;
}

}  // namespace

StoreWriter::StoreWriter(EventLog& log, VoteStore& votes, Post post)
    : log_(log), votes_(votes), post_(std::move(post)) {
  if (post_) thread_ = std::thread([this] { run(); });
}

StoreWriter::~StoreWriter() { stop(); }

void StoreWriter::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    jobs_.clear();
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void StoreWriter::submit(std::function<std::function<void()>()> job) {
  if (!post_) {
    job()();  // inline: no loop to come back to
    return;
  }
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    jobs_.push_back(std::move(job));
  }
  wake_.notify_one();
}

void StoreWriter::run() {
  for (;;) {
    std::function<std::function<void()>()> job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (stopping_) return;
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    std::function<void()> back = job();
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
    }
    post_(std::move(back));
  }
}

void StoreWriter::write(WriteBatch batch, std::function<void(WriteResult)> done) {
  submit([this, batch = std::move(batch), done = std::move(done)]() mutable -> std::function<void()> {
    WriteResult result = store(batch);
    return [done = std::move(done), result = std::move(result)]() mutable { done(std::move(result)); };
  });
}

void StoreWriter::read(std::vector<std::pair<std::string, uint64_t>> after,
                       std::function<void(std::vector<StoredEvent>, std::string)> done) {
  submit([this, after = std::move(after), done = std::move(done)]() mutable -> std::function<void()> {
    std::vector<StoredEvent> events;
    std::string error;
    try {
      events = readAfter(after);
    } catch (const std::exception& e) {
      error = e.what();
    }
    return [done = std::move(done), events = std::move(events), error = std::move(error)]() mutable {
      done(std::move(events), std::move(error));
    };
  });
}

void StoreWriter::run(std::function<void()> job, std::function<void(std::string)> done) {
  submit([job = std::move(job), done = std::move(done)]() mutable -> std::function<void()> {
    std::string error;
    try {
      job();
    } catch (const std::exception& e) {
      error = e.what();
    }
    return [done = std::move(done), error = std::move(error)]() mutable { done(std::move(error)); };
  });
}

std::vector<StoredEvent> StoreWriter::readAfter(const std::vector<std::pair<std::string, uint64_t>>& after) {
  std::vector<StoredEvent> out;
  for (const auto& [stream, seq] : after) {
    uint64_t from = seq;
    for (;;) {
      std::vector<StoredEvent> page = log_.readAfter(stream, from, kReadPage);
      if (!page.empty()) from = page.back().seq;
      for (StoredEvent& e : page) out.push_back(std::move(e));
      if (page.size() < kReadPage) break;
    }
  }
  return out;
}

WriteResult StoreWriter::store(const WriteBatch& batch) {
  WriteResult result;
  try {
    log_.append(batch.events);
  } catch (const std::exception& e) {
    result.events = outcomeOf(e);
    if (result.events.status == WriteOutcome::Status::kConflict) {
      // What the other nodes stored after what this batch assumed.
      std::map<std::string, uint64_t> assumed;
      for (const StoredEvent& event : batch.events) {
        auto [it, fresh] = assumed.emplace(event.room_id, event.seq - 1);
        if (!fresh) it->second = std::min(it->second, event.seq - 1);
      }
      try {
        result.caught_up = readAfter({assumed.begin(), assumed.end()});
      } catch (const std::exception& read_error) {
        result.events = outcomeOf(read_error);
        if (result.events.status == WriteOutcome::Status::kConflict) result.events.status = WriteOutcome::Status::kFailed;
      }
    }
  }
  try {
    votes_.change(batch.votes);
  } catch (const std::exception& e) {
    result.votes = outcomeOf(e);
  }
  return result;
}

}  // namespace hallcast
