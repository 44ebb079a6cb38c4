import { IconLayoutList } from '@tabler/icons-react';
import { ComingSoon } from '../../components/ComingSoon';

export function AdminMenuPage() {
  return (
    <ComingSoon
      title="Admin menu"
      icon={<IconLayoutList aria-hidden />}
      description="Live lists of waiting, active, unmanaged and closed conversations, outbound history and sent templates, each exportable to Excel, will be here; they are not available yet in this version."
    />
  );
}
