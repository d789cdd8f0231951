import { useT, type TextKey } from '../i18n';

interface Point {
  period: string;
  /** Reports that came in: submitted, or (for agencies of one type) dispositioned to them. */
  incoming: number;
  resolved: number;
}

/** Reports coming in (bars) and resolved (line) per period, drawn in SVG; the same figures in a table for screen readers. */
export function TrendChart({ points, incoming }: { points: Point[]; incoming: TextKey }) {
  const t = useT();
  const width = 640;
  const height = 200;
  const max = Math.max(1, ...points.map((p) => Math.max(p.incoming, p.resolved)));
  const step = width / Math.max(1, points.length);
  const y = (value: number) => height - (value / max) * (height - 20);
  const line = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${(i + 0.5) * step},${y(p.resolved)}`).join(' ');
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={t('trendLabel', points.length)}>
        {points.map((p, i) => (
          <rect
            key={p.period}
            x={i * step + step * 0.15}
            y={y(p.incoming)}
            width={step * 0.7}
            height={height - y(p.incoming)}
            class="bar"
          >
            <title>
              {p.period}: {p.incoming}
            </title>
          </rect>
        ))}
        <path d={line} class="line" fill="none" />
      </svg>
      <figcaption>
        <span class="key bar-key" /> {t(incoming)} <span class="key line-key" /> {t('resolvedCount')}
      </figcaption>
      <details>
        <summary>{t('asTable')}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('period')}</th>
              <th scope="col">{t(incoming)}</th>
              <th scope="col">{t('resolvedCount')}</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.period} data-period={p.period}>
                <td>{p.period}</td>
                <td>{p.incoming}</td>
                <td>{p.resolved}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
