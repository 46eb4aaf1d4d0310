/** The officials screens' routes, mounted inside the signed-in layout by App.tsx. */
export const officialsRoutes = <></>;
