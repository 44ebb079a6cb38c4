import { IconSpeakerphone } from '@tabler/icons-react';
import { ComingSoon } from '../../components/ComingSoon';

export function CampaignsPage() {
  return (
    <ComingSoon
      title="Campaigns"
      icon={<IconSpeakerphone aria-hidden />}
      description="WhatsApp template campaigns to an uploaded file, a selection or a segment, with validation before sending, will be built here; they are not available yet in this version."
    />
  );
}
