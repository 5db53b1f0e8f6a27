// Reads the test source's time code (pipelines/feeds/time_code.h) off the
// picture a <video> shows, in the page: glass-to-glass latency is the time
// now minus the time the picture was made (the same machine's clock). The
// picture on screen may have been up for up to a frame (0.1 s at 10 fps)
// when it is read, so single readings are high by up to that.
// Pass readTimeCodeInPage to page.evaluate(); it returns null without a code.
export function readTimeCodeInPage(selector = "video") {
  const BLOCK = 8, COLUMNS = 24, ROWS = 2, BITS = COLUMNS * ROWS;
  const video = document.querySelector(selector);
  if (!video || !video.videoWidth) return null;
  const w = video.videoWidth, h = video.videoHeight;
  if (w < COLUMNS * BLOCK || h < ROWS * BLOCK) return null;
  const canvas = document.createElement("canvas");
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  ctx.drawImage(video, 0, 0, w, h);
  const now = Date.now();
  const data = ctx.getImageData(0, h - ROWS * BLOCK, COLUMNS * BLOCK, ROWS * BLOCK).data;
  const bits = [];
  for (let i = 0; i < BITS; ++i) {
    const x0 = (i % COLUMNS) * BLOCK + BLOCK / 2 - 2, y0 = Math.floor(i / COLUMNS) * BLOCK + BLOCK / 2 - 2;
    let sum = 0;
    for (let y = y0; y < y0 + 4; ++y) {
      for (let x = x0; x < x0 + 4; ++x) {
        const p = (y * COLUMNS * BLOCK + x) * 4;
        sum += 0.299 * data[p] + 0.587 * data[p + 1] + 0.114 * data[p + 2];
      }
    }
    bits.push(sum / 16 >= 128 ? 1 : 0);
  }
  let time40 = 0;
  for (let i = 39; i >= 0; --i) time40 = time40 * 2 + bits[i];
  let check = 0;
  for (let i = 47; i >= 40; --i) check = check * 2 + bits[i];
  let sum = 0x5a;
  for (let i = 0, t = time40; i < 5; ++i, t = Math.floor(t / 256)) sum = (sum + (t % 256)) % 256;
  if (sum !== check) return null;
  const span = 2 ** 40;
  let made = now - (now % span) + time40;
  for (const candidate of [made - span, made + span]) if (Math.abs(candidate - now) < Math.abs(made - now)) made = candidate;
  return { made, now, latencyMs: now - made };
}
