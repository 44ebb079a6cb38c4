import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { isEmail, isNotEmpty, useForm } from '@mantine/form';
import { Navigate, useLocation, type Location } from 'react-router';
import { PageLoader } from '../../components/PageLoader';
import { isApiError } from '../../lib/api';
import { submitErrors } from '../../lib/forms';
import { useLogin, useMeQuery } from './queries';

const DEFAULT_DESTINATION = '/inbox';

/** Where to go after signing in: the page the guard bounced the person from, if it is one of ours. */
function destinationFrom(state: unknown): string {
  const from = (state as { from?: Partial<Location> } | null)?.from;
  const path = `${from?.pathname ?? ''}${from?.search ?? ''}${from?.hash ?? ''}`;
  // Only same-app paths: never "//evil.example" and never back to the login page itself.
  if (!path.startsWith('/') || path.startsWith('//') || path.startsWith('/login')) return DEFAULT_DESTINATION;
  return path;
}

function loginErrorMessage(error: unknown): string | null {
  if (isApiError(error) && error.status === 429) {
    return error.retryAfterSeconds === undefined
      ? 'Too many attempts, try again later'
      : `Too many attempts, try again in ${error.retryAfterSeconds} seconds`;
  }
  return submitErrors(error, ['email', 'password']).formError;
}

export function LoginPage() {
  const location = useLocation();
  const me = useMeQuery();
  const login = useLogin();
  const destination = destinationFrom(location.state);

  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { email: '', password: '' },
    validate: {
      email: (value) => {
        const email = value.trim();
        return email ? isEmail('Enter a valid email address')(email) : 'Enter your email address';
      },
      password: isNotEmpty('Enter your password'),
    },
  });

  // Covers both "already signed in" and "just signed in": the login mutation writes the user into the cache.
  if (me.data) return <Navigate to={destination} replace />;
  // Someone already signed in should not see the form flash before being sent on.
  if (me.isPending) return <PageLoader />;

  const handleSubmit = form.onSubmit((values) => {
    login.mutate(
      { email: values.email.trim(), password: values.password },
      {
        onError: (error) => form.setErrors(submitErrors(error, ['email', 'password']).fieldErrors),
      },
    );
  });

  const error = login.isError ? loginErrorMessage(login.error) : null;

  return (
    <Center mih="100vh" p="md" bg="var(--mantine-color-gray-0)">
      <Paper component="main" withBorder shadow="sm" radius="md" p="xl" w="100%" maw={400}>
        <Stack gap="lg">
          <div>
            <Title order={1} size="h2">
              Sign in to Parley
            </Title>
            <Text c="dimmed" size="sm">
              Use the email and password your workspace admin gave you.
            </Text>
          </div>
          <form onSubmit={handleSubmit} noValidate>
            <Stack>
              <TextInput
                label="Email"
                type="email"
                autoComplete="username"
                required
                key={form.key('email')}
                {...form.getInputProps('email')}
              />
              <PasswordInput
                label="Password"
                autoComplete="current-password"
                required
                key={form.key('password')}
                {...form.getInputProps('password')}
              />
              {error && (
                <Alert color="red" data-testid="login-error">
                  {error}
                </Alert>
              )}
              <Button type="submit" loading={login.isPending} fullWidth>
                Sign in
              </Button>
            </Stack>
          </form>
        </Stack>
      </Paper>
    </Center>
  );
}
