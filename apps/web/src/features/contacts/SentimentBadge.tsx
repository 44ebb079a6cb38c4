import { Badge } from '@mantine/core';

/** "+3", "−1.5": the sign always shown, with a true minus sign. */
export function signedScore(score: number): string {
  const abs = Math.abs(score);
  const text = Number.isInteger(abs) ? String(abs) : abs.toFixed(1);
  if (score > 0) return `+${text}`;
  if (score < 0) return `−${text}`;
  return '0';
}

export function sentimentText(score: number): string {
  if (score > 0) return `Positive ${signedScore(score)}`;
  if (score < 0) return `Negative ${signedScore(score)}`;
  return 'Neutral';
}

/** The score of one customer message, from its words and emoji. */
export function SentimentBadge({ score }: { score: number }) {
  const color = score > 0 ? 'green' : score < 0 ? 'red' : 'gray';
  return (
    <Badge size="xs" variant="light" color={color} data-testid="sentiment-badge" data-score={score} title="Sentiment of this message">
      {sentimentText(score)}
    </Badge>
  );
}
