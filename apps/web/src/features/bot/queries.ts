import type { BotSettingsView, ExternalBotSettingsView } from '@parley/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { botApi, botKeys } from './api';

export function useBotSettingsQuery(enabled = true) {
  return useQuery({ queryKey: botKeys.settings, queryFn: ({ signal }) => botApi.settings(signal), enabled });
}

export function useSaveBotSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: botApi.save,
    onSuccess: (saved) => queryClient.setQueryData<BotSettingsView>(botKeys.settings, saved),
  });
}

export function useTestBot() {
  return useMutation({ mutationFn: botApi.test });
}

export function useExternalBotQuery() {
  return useQuery({ queryKey: botKeys.external, queryFn: ({ signal }) => botApi.external(signal) });
}

export function useSaveExternalBot() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: botApi.saveExternal,
    onSuccess: (saved) => queryClient.setQueryData<ExternalBotSettingsView>(botKeys.external, saved),
  });
}

export function useTestExternalBot() {
  return useMutation({ mutationFn: (text?: string) => botApi.testExternal(text) });
}
