import { create } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { PollSchema } from "../gen/hallcast/v1/interaction_pb";
import { pollResults } from "./poll-results";

describe("pollResults", () => {
  it("gives each option its votes and share", () => {
    const poll = create(PollSchema, { options: ["a", "b", "c"], votes: [1, 2], totalVotes: 3 });
    expect(pollResults(poll)).toEqual([
      { option: "a", votes: 1, percent: 33 },
      { option: "b", votes: 2, percent: 67 },
      { option: "c", votes: 0, percent: 0 },
    ]);
  });
  it("shows zeros before the first vote", () => {
    expect(pollResults(create(PollSchema, { options: ["x", "y"] })).map((r) => r.percent)).toEqual([0, 0]);
  });
});
