// Staff pages open with a token sign-in: the token (from `hallcast token`)
// is pasted once, kept in sessionStorage for this tab only (never in a URL),
// and sent in the Hello. The children render once the hub accepted it and
// the signed-in person has one of `roles`.
import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { Role } from "../gen/hallcast/v1/common_pb";
import type { HubClient } from "../lib/hub-client";
import { useT } from "../lib/lang-context";

export function StaffGate({ client, roles, children }: { client: HubClient; roles: readonly Role[]; children: ComponentChildren }) {
  const { t } = useT();
  const [draft, setDraft] = useState("");
  const user = client.user;
  const signedIn = client.staffToken !== "" && client.state.kind === "online" && user !== undefined;
  // Once in, a dropped connection keeps the page (and what is being typed
  // in it) while the client reconnects with the same token.
  const reconnecting = client.staffToken !== "" && client.state.kind !== "online" && client.state.kind !== "closed" &&
    user !== undefined && roles.includes(user.role);
  if ((signedIn || reconnecting) && roles.includes(user.role)) {
    return (
      <>
        <p class="staff-bar">
          <span data-testid="staff-user">{t("staff.signedInAs", { name: user.displayName, role: t(roleKey(user.role)) })}</span>
          {reconnecting && <span class="conn conn-reconnecting" role="status" data-testid="staff-offline">{t("conn.connecting")}</span>}
          <button type="button" class="link" data-testid="sign-out" onClick={() => client.setStaffToken("")}>
            {t("staff.signOut")}
          </button>
        </p>
        {children}
      </>
    );
  }
  // Wrong role, or the token the hub refused (the client dropped it).
  const refused = signedIn
    ? t("staff.wrongRole", { role: t(roleKey(user.role)) })
    : client.staffToken === "" ? client.staffError : undefined;
  const signingIn = !signedIn && client.staffToken !== "";
  return (
    <form
      class="sign-in"
      onSubmit={(ev) => {
        ev.preventDefault();
        if (draft.trim()) client.setStaffToken(draft.trim());
        setDraft("");
      }}
    >
      <h1>{t("staff.signIn.title")}</h1>
      <p>{t("staff.signIn.help")}</p>
      <label>
        {t("staff.signIn.token")}
        <textarea data-testid="token-input" rows={4} autocomplete="off" spellcheck={false} value={draft}
          onInput={(ev) => setDraft((ev.target as HTMLTextAreaElement).value)} />
      </label>
      <button type="submit" data-testid="sign-in" disabled={!draft.trim()}>{t("staff.signIn.submit")}</button>
      {signingIn && <p role="status">{t("staff.signingIn")}</p>}
      {refused && <p class="chat-error" role="alert" data-testid="sign-in-error">{refused}</p>}
    </form>
  );
}

function roleKey(role: Role) {
  switch (role) {
    case Role.ADMIN: return "role.admin" as const;
    case Role.MODERATOR: return "role.moderator" as const;
    case Role.TECHNICIAN: return "role.technician" as const;
    case Role.PRESS: return "role.press" as const;
    case Role.EXHIBITOR: return "role.exhibitor" as const;
    default: return "role.attendee" as const;
  }
}
