// Applies the saved theme before the first paint (no flash of the wrong colours).
// A file rather than an inline script, so the content security policy needs no 'unsafe-inline'.
try {
  var t = localStorage.getItem('tracehub.theme');
  if (!t) t = matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  document.documentElement.dataset.theme = t;
} catch (e) {}
