import { IconTemplate } from '@tabler/icons-react';
import { ComingSoon } from '../../components/ComingSoon';

export function TemplatesPage() {
  return (
    <ComingSoon
      title="Templates"
      icon={<IconTemplate aria-hidden />}
      description="WhatsApp message templates, synced with and submitted to your WhatsApp Business account, will be managed here; they are not available yet in this version."
    />
  );
}
