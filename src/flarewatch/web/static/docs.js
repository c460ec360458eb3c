// Starts Swagger UI on /docs (docs.html) with FastAPI's default options; a file rather
// than an inline script, so the page runs under the server's CSP (script-src 'self').
// validatorUrl null: Swagger UI would otherwise load a badge from validator.swagger.io.
const root = document.getElementById("swagger-ui");
window.ui = SwaggerUIBundle({
  url: root.dataset.openapiUrl,
  dom_id: "#swagger-ui",
  layout: "BaseLayout",
  deepLinking: true,
  showExtensions: true,
  showCommonExtensions: true,
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
});
