// The technician monitor wall (/tech): its strings.
export const en = {
};

export const zh: Record<keyof typeof en, string> = {
};
