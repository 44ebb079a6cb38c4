// A template's variables and how values fill them: shared by the templates page (preview), the campaign wizard
// (mapping, validation, preview) and sending (the parameters that go on the wire). The code lives in
// @parley/contracts so the web app's previews render exactly what the server sends.
export { fillText, renderTemplate, templateSlots, variablesIn, type TemplateSlots, type TemplateValues } from '@parley/contracts';
