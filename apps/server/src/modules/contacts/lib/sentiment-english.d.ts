// The `sentiment` package ships its English (AFINN-165) language module as a plain CommonJS file without types.
// We import it to build our own language from a copy of its labels, so the package's shared English table stays
// untouched (its `extras` option writes into whichever table it scores with).
declare module 'sentiment/languages/en/index.js' {
  import type Sentiment from 'sentiment';

  const english: Required<Sentiment.LanguageModule>;
  export default english;
}
