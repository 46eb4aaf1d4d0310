/** The funders screens' routes, mounted inside the signed-in layout by App.tsx. */
export const fundersRoutes = <></>;
