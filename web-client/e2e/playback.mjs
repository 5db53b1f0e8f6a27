// What a viewer sees of the room's video, recorded in the page: every
// picture the browser presents (requestVideoFrameCallback) and, every 50 ms,
// whether the playback position moved. From that: how long the picture
// stood still (the longest time between two presented pictures) and how
// long playback stalled (the position not moving while not paused), each
// with when it happened, so that a test or benchmark can tell the stills at
// a switch from the rest.

// Starts recording on the page's room video.
export async function watchPlayback(page) {
  await page.getByTestId("video").evaluate((video) => {
    const w = {
      frames: 0,
      lastFrame: performance.now(),
      stills: [], // [at ms (page clock), how long ms] for pictures held over 250 ms
      stall: null, // since when the position has not moved
      lastTime: video.currentTime,
      stalls: [], // [from ms, how long ms] over 250 ms
      origin: performance.timeOrigin,
    };
    window.__playback = w;
    const onFrame = (now) => {
      const held = now - w.lastFrame;
      if (held > 250) w.stills.push([w.lastFrame, held]);
      w.lastFrame = now;
      w.frames += 1;
      video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);
    setInterval(() => {
      const now = performance.now();
      const moved = video.currentTime !== w.lastTime || video.paused;
      w.lastTime = video.currentTime;
      if (!moved && w.stall === null) w.stall = now;
      if (moved && w.stall !== null) {
        if (now - w.stall > 250) w.stalls.push([w.stall, now - w.stall]);
        w.stall = null;
      }
    }, 50);
  });
}

// What was recorded so far: times as wall-clock ms (Date.now()).
export async function playbackReport(page) {
  return page.evaluate(() => {
    const w = window.__playback;
    const now = performance.now();
    const wall = (t) => w.origin + t;
    const stills = w.stills.map(([at, ms]) => ({ at: wall(at), ms }));
    // A picture still held now counts too.
    if (now - w.lastFrame > 250) stills.push({ at: wall(w.lastFrame), ms: now - w.lastFrame });
    const stalls = w.stalls.map(([at, ms]) => ({ at: wall(at), ms }));
    if (w.stall !== null && now - w.stall > 250) stalls.push({ at: wall(w.stall), ms: now - w.stall });
    return { frames: w.frames, stills, stalls };
  });
}

// The longest still (or stall) among `events` that began within `windowMs`
// after `at` (both wall-clock ms); 0 when none.
export function longestAfter(events, at, windowMs) {
  return events.filter((e) => e.at + e.ms >= at && e.at <= at + windowMs).reduce((m, e) => Math.max(m, e.ms), 0);
}
