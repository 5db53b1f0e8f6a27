import { describe, expect, it } from "vitest";
import { parseIceServerLinks } from "./webrtc";

describe("parseIceServerLinks", () => {
  it("reads STUN and TURN servers from joined Link headers (RFC 8288)", () => {
    const header =
      '<stun:stun.example.net:3478>; rel="ice-server", ' +
      '<turn:turn.example.net?transport=udp>; rel="ice-server"; username="hall"; credential="s3c\\"ret"; credential-type="password"';
    expect(parseIceServerLinks(header)).toEqual([
      { urls: "stun:stun.example.net:3478" },
      { urls: "turn:turn.example.net?transport=udp", username: "hall", credential: 's3c"ret' },
    ]);
  });

  it("ignores other links and empty headers", () => {
    expect(parseIceServerLinks('</whep/a/b>; rel="urn:ietf:params:whep:ext:core:layer", <stun:s>; rel=ice-server')).toEqual([
      { urls: "stun:s" },
    ]);
    expect(parseIceServerLinks(null)).toEqual([]);
    expect(parseIceServerLinks("")).toEqual([]);
  });
});
