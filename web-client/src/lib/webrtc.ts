// WebRTC with the hub over HTTP, both ways: a WHEP player
// (draft-ietf-wish-whep: the room's picture and sound, well under a second
// behind the hall) and a WHIP publisher (draft-ietf-wish-whip: a remote
// speaker's camera as a whip:// room's feed). The offer goes out once ICE
// gathering is complete (the hub takes no trickled candidates); the ICE
// servers come from the endpoint's Link headers (an OPTIONS first).

export interface IceServerLink {
  urls: string;
  username?: string;
  credential?: string;
}

// The rel="ice-server" links of a Link header value (RFC 8288), as
// RTCPeerConnection takes them. Several headers arrive joined by ", ".
export function parseIceServerLinks(header: string | null): IceServerLink[] {
  if (!header) return [];
  const servers: IceServerLink[] = [];
  // <uri> then ;-separated parameters (values plain or quoted); links separated by ",".
  const link = /\s*<([^>]*)>((?:\s*;\s*[^;,=\s]+(?:\s*=\s*(?:"(?:[^"\\]|\\.)*"|[^;,\s]*))?)*)\s*(?:,|$)/gy;
  const param = /;\s*([^;,=\s]+)(?:\s*=\s*("(?:[^"\\]|\\.)*"|[^;,\s]*))?/g;
  let m: RegExpExecArray | null;
  while (link.lastIndex < header.length && (m = link.exec(header))) {
    const params = new Map<string, string>();
    for (const p of m[2].matchAll(param)) {
      let value = p[2] ?? "";
      if (value.startsWith('"')) value = value.slice(1, -1).replace(/\\(.)/g, "$1");
      params.set(p[1].toLowerCase(), value);
    }
    if (params.get("rel")?.split(/\s+/).includes("ice-server")) {
      const server: IceServerLink = { urls: m[1] };
      if (params.has("username")) server.username = params.get("username");
      if (params.has("credential")) server.credential = params.get("credential");
      servers.push(server);
    }
  }
  return servers;
}

// Why a WHEP request failed: the hub's JSON error message, else the status.
export async function whepError(response: Response): Promise<string> {
  try {
    const body = await response.json();
    if (typeof body?.message === "string") return body.message;
  } catch {
    // not JSON
  }
  return `HTTP ${response.status}`;
}

export interface WebRtcSession {
  pc: RTCPeerConnection;
  // Ends the session (DELETE) and the connection.
  close(): void;
}

// Offers `pc`'s transceivers to `endpoint` (an OPTIONS gave `pc` its ICE
// servers), applies the answer; throws Error with the hub's reason.
async function negotiate(pc: RTCPeerConnection, endpoint: string, token: string, gatherTimeoutMs: number): Promise<WebRtcSession> {
  const authorization: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  try {
    await pc.setLocalDescription(await pc.createOffer());
    await new Promise<void>((resolve) => {
      if (pc.iceGatheringState === "complete") return resolve();
      const timer = setTimeout(resolve, gatherTimeoutMs);  // send what was gathered
      pc.addEventListener("icegatheringstatechange", () => {
        if (pc.iceGatheringState !== "complete") return;
        clearTimeout(timer);
        resolve();
      });
    });
    const response = await fetch(endpoint, {
      method: "POST",
      headers: { "content-type": "application/sdp", ...authorization },
      body: pc.localDescription?.sdp ?? "",
    });
    if (response.status !== 201) throw new Error(await whepError(response));
    const location = new URL(response.headers.get("location") ?? endpoint, response.url).toString();
    await pc.setRemoteDescription({ type: "answer", sdp: await response.text() });
    return {
      pc,
      close() {
        pc.close();
        void fetch(location, { method: "DELETE", headers: authorization, keepalive: true }).catch(() => {});
      },
    };
  } catch (e) {
    pc.close();
    throw e;
  }
}

async function peerFor(endpoint: string): Promise<RTCPeerConnection> {
  const options = await fetch(endpoint, { method: "OPTIONS" }).catch(() => undefined);
  const iceServers = parseIceServerLinks(options?.headers.get("link") ?? null);
  return new RTCPeerConnection({ iceServers, bundlePolicy: "max-bundle" });
}

export interface WhepPlayback extends WebRtcSession {
  stream: MediaStream;
}

// Plays `endpoint` (/whep/<room>); throws Error with the reason when the
// hub refuses (e.g. the node has all the WebRTC viewers it takes).
export async function playWhep(endpoint: string, gatherTimeoutMs = 2000): Promise<WhepPlayback> {
  const pc = await peerFor(endpoint);
  const stream = new MediaStream();
  pc.addTransceiver("video", { direction: "recvonly" });
  pc.addTransceiver("audio", { direction: "recvonly" });
  pc.ontrack = (event) => stream.addTrack(event.track);
  return { ...(await negotiate(pc, endpoint, "", gatherTimeoutMs)), stream };
}

// Sends `stream` (a camera and microphone) to `endpoint` (/whip/<room>)
// with a staff `token`; throws Error with the reason when the hub refuses.
export async function publishWhip(endpoint: string, stream: MediaStream, token: string, gatherTimeoutMs = 2000): Promise<WebRtcSession> {
  const pc = await peerFor(endpoint);
  for (const track of stream.getTracks()) pc.addTransceiver(track, { direction: "sendonly", streams: [stream] });
  return negotiate(pc, endpoint, token, gatherTimeoutMs);
}
