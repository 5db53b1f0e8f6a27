import { create } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { Role, UserSchema } from "../gen/hallcast/v1/common_pb";
import { personLabel } from "./people";

describe("personLabel", () => {
  it("names press with their outlet and everyone else by name", () => {
    expect(personLabel(create(UserSchema, { displayName: "Li Na", role: Role.PRESS, outlet: "Xinhua News Agency" }))).toBe(
      "Li Na · Xinhua News Agency",
    );
    expect(personLabel(create(UserSchema, { displayName: "Ada" }))).toBe("Ada");
    expect(personLabel(undefined)).toBe("");
  });
});
