// Its own module so the Look form can check a chosen file's size in the browser without loading the SVG checker.
export const BRAND_LOGO_MAX_BYTES = 200 * 1024;
