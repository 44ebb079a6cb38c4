import { IconChartBar } from '@tabler/icons-react';
import { ComingSoon } from '../../components/ComingSoon';

export function InsightPage() {
  return (
    <ComingSoon
      title="Insight"
      icon={<IconChartBar aria-hidden />}
      description="Reports on conversations, agents, bot goals and campaigns will be shown here; they are not available yet in this version."
    />
  );
}
