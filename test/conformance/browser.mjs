// Stands in for a person's web browser in the conformance runs (the client's BROWSER
// command): it opens the authorization URL and follows the redirects, which the scenario's
// authorization server answers at once with a code, back to the client's loopback listener.
const res = await fetch(process.argv[2], { redirect: 'follow' });
process.exit(res.ok ? 0 : 1);
