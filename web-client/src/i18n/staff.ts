// Staff sign-in, shared by /moderator and /tech: its strings.
export const en = {
  "staff.signIn.title": "Staff sign-in",
  "staff.signIn.help": "Paste the access token your event admin made with “hallcast token”. It is kept for this tab only.",
  "staff.signIn.token": "Access token",
  "staff.signIn.submit": "Sign in",
  "staff.signingIn": "Signing in…",
  "staff.signedInAs": "Signed in as {name} ({role})",
  "staff.signOut": "Sign out",
  "staff.wrongRole": "This page is not for the {role} role. Sign in with another token.",
  "role.attendee": "attendee",
  "role.moderator": "moderator",
  "role.technician": "technician",
  "role.admin": "admin",
  "role.press": "press",
  "role.exhibitor": "exhibitor",
};

export const zh: Record<keyof typeof en, string> = {
  "staff.signIn.title": "工作人员登录",
  "staff.signIn.help": "粘贴活动管理员用 “hallcast token” 生成的访问令牌。令牌只保存在当前标签页。",
  "staff.signIn.token": "访问令牌",
  "staff.signIn.submit": "登录",
  "staff.signingIn": "正在登录…",
  "staff.signedInAs": "已登录：{name}（{role}）",
  "staff.signOut": "退出登录",
  "staff.wrongRole": "此页面不适用于{role}角色，请使用其他令牌登录。",
  "role.attendee": "观众",
  "role.moderator": "主持人",
  "role.technician": "技术人员",
  "role.admin": "管理员",
  "role.press": "记者",
  "role.exhibitor": "展商",
};
