/** A progress line on stderr: done/total, rate and ETA, redrawn in place (at most five times a second). */
export function progressBar(
  label: string,
  unit: string,
): (progress: { done: number; total: number; note?: string }) => void {
  const started = Date.now();
  let drawn = 0;
  return ({ done, total, note }) => {
    // Redrawn at most five times a second, and at the end.
    if (done < total && Date.now() - drawn < 200) return;
    drawn = Date.now();
    const seconds = (Date.now() - started) / 1000;
    const rate = done / Math.max(seconds, 0.001);
    const width = 30;
    const filled = Math.min(width, Math.round((done / Math.max(total, 1)) * width));
    const eta = rate > 0 ? Math.max(0, (total - done) / rate) : 0;
    process.stderr.write(
      `\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done.toLocaleString('en')}/${total.toLocaleString('en')} ${unit}  ${Math.round(rate).toLocaleString('en')}/s  ETA ${eta.toFixed(0)} s${note ? `  ${note}` : ''}   `,
    );
  };
}
