import { Center, Loader } from '@mantine/core';

/** Shown while the app cannot draw anything useful yet (session check, first load of a page's code). */
export function PageLoader({ label = 'Loading Parley' }: { label?: string }) {
  return (
    <Center h="100vh">
      <Loader aria-label={label} />
    </Center>
  );
}
