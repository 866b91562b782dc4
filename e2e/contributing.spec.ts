/**
 * Contributing without an account: a visitor on a public-propose dataset corrects a phone number in
 * three interactions once the dataset is open (Suggest changes, type the value, Send), sees it
 * highlighted over the live data meanwhile, and gets a private link to follow it; the moderator
 * accepts it from the review page in two clicks, and the visitor's grid and a third viewer show the
 * new value (docs/PROPOSALS.md). A French visitor who left their address hears of the decision by
 * email in French, with the moderator's message and thanks (P22), on a loopback SMTP server.
 */
import { describe, expect, it } from "vitest";
import { DatasetPage } from "./pages/DatasetPage.ts";
import { ProposalPages, SuggestPanel } from "./pages/ProposalPages.ts";
import { createPerson, signIn, storedValues } from "./support/api.ts";
import { importCsv } from "./support/proposals.ts";
import { serverAndBrowserForThisFile } from "./support/suite.ts";

const e2e = serverAndBrowserForThisFile({}, { mailbox: true });

const CSV = "Name,Phone\nMédiathèque Champollion,01 00 00 00 00\nCafé La Fabrique,02 00 00 00 00\n";

describe("contributing without an account", () => {
  it("proposes a corrected phone number in three interactions, and the accepted value reaches everyone", async () => {
    const server = e2e.server;
    const owner = await createPerson(server, "Moderator");
    const dataset = await importCsv(server, owner, "Help points", CSV);

    const visitorPage = await (await e2e.newContext()).newPage();
    const visitor = new DatasetPage(visitorPage);
    await visitor.goto(dataset.id);
    await visitor.waitConnected();
    await visitor.expectCell(0, "Phone", "01 00 00 00 00");
    expect(await visitor.toolbarButton("Add row").count()).toBe(0);

    let interactions = 0;
    await visitorPage.getByRole("button", { name: "Suggest changes", exact: true }).click();
    interactions++;
    await visitor.editCell(0, "Phone", "01 23 45 67 89");
    interactions++;
    const panel = visitorPage.getByRole("form", { name: "Suggesting changes" });
    await panel.getByRole("status").filter({ hasText: "1 change" }).waitFor();
    await visitor.expectCell(0, "Phone", "01 23 45 67 89");
    expect(await (await visitor.cell(0, "Phone")).getAttribute("class")).toContain("cell-proposed");
    // Nothing reached the dataset itself.
    expect(await storedValues(server, owner, dataset.id, "Phone")).toEqual(["01 00 00 00 00", "02 00 00 00 00"]);
    await panel.getByRole("button", { name: "Send to the moderators", exact: true }).click();
    interactions++;
    expect(interactions).toBeLessThanOrEqual(3);

    await visitorPage.getByText("Thank you! Your suggestion #1 was sent to the moderators.").waitFor();
    const link = await visitorPage.getByRole("textbox", { name: /Private link to follow it/ }).inputValue();
    expect(link).toMatch(/\/proposals\/[\w-]+#dpp_/);
    // A visitor who never typed a name is anonymous to the moderators, not their generated guest name.
    const queue = await fetch(`${server.url}/api/datasets/${dataset.id}/proposals`, {
      headers: { cookie: owner.cookie },
    });
    expect(((await queue.json()) as { proposals: { nickname: string | null }[] }).proposals).toMatchObject([
      { nickname: null },
    ]);
    // Back to the live data until it is decided.
    await visitor.expectCell(0, "Phone", "01 00 00 00 00");

    const viewer = new DatasetPage(await (await e2e.newContext()).newPage());
    await viewer.goto(dataset.id);
    await viewer.expectCell(0, "Phone", "01 00 00 00 00");

    const moderatorContext = await e2e.newContext();
    await signIn(moderatorContext, server, owner);
    const moderatorPage = await moderatorContext.newPage();
    const proposals = new ProposalPages(moderatorPage);
    await proposals.gotoReview(dataset.id, 1);
    await proposals.change("Phone · Médiathèque Champollion").waitFor();
    await proposals.button("Accept all").click();
    await proposals.status().filter({ hasText: "Done: 1 accepted, 0 rejected." }).waitFor();

    await visitor.expectCell(0, "Phone", "01 23 45 67 89");
    await viewer.expectCell(0, "Phone", "01 23 45 67 89");

    // The private link shows the outcome, to whoever holds it.
    const follow = await visitorPage.context().newPage();
    await follow.goto(link);
    await follow.getByRole("heading", { name: "Your suggestion #1" }).waitFor();
    await follow.getByText("Accepted", { exact: true }).first().waitFor();
    await follow.getByText("Nothing is waiting for a decision any more.").waitFor();
    await follow.getByText("Accepted — Phone: 01 23 45 67 89").waitFor();

    // The conversation: the visitor writes from the link, the moderator reads and answers on the review.
    const thread = follow.getByRole("region", { name: "Conversation" });
    await thread.getByRole("textbox", { name: "Write a message" }).fill("Their new number is on the door.");
    await thread.getByRole("button", { name: "Send the message" }).click();
    await thread.getByText("Their new number is on the door.").waitFor();
    await moderatorPage.reload();
    const moderatorThread = moderatorPage.getByRole("region", { name: "Conversation" });
    await moderatorThread.getByText("Their new number is on the door.").waitFor();
    await moderatorThread.getByRole("textbox", { name: "Write a message" }).fill("Thank you, <b>corrected</b>.");
    await moderatorThread.getByRole("button", { name: "Send the message" }).click();
    await moderatorThread.getByText("(moderator)", { exact: false }).waitFor();
    await follow.reload();
    // Text, never HTML.
    await thread.getByText("Thank you, <b>corrected</b>.").waitFor();

    // Without the token, nothing is shown.
    await follow.goto(link.replace(/#.*/, ""));
    await follow.getByRole("alert").filter({ hasText: "This suggestion cannot be shown" }).waitFor();
  });

  it("knows a visitor by one name: the one others see here signs their suggestion, changed from either place", async () => {
    const server = e2e.server;
    const owner = await createPerson(server, "Moderator");
    const dataset = await importCsv(server, owner, "Repair cafés", CSV);

    const visitorPage = await (await e2e.newContext()).newPage();
    const visitor = new DatasetPage(visitorPage);
    await visitor.goto(dataset.id);
    await visitor.waitConnected();
    const presenceName = visitorPage.getByRole("textbox", { name: "Your name", exact: true });
    await presenceName.fill("Léa");
    await presenceName.press("Enter");
    const other = new DatasetPage(await (await e2e.newContext()).newPage());
    await other.goto(dataset.id);
    await other.presenceNames().filter({ hasText: /^Léa$/ }).waitFor();

    await visitorPage.getByRole("button", { name: "Suggest changes", exact: true }).click();
    const panel = visitorPage.getByRole("form", { name: "Suggesting changes" });
    const signedAs = panel.getByRole("textbox", { name: "Your name (optional)" });
    expect(await signedAs.inputValue()).toBe("Léa");
    // Changed in the panel: the others see the new name at once, and so does the presence bar.
    await signedAs.fill("Léa M.");
    await other
      .presenceNames()
      .filter({ hasText: /^Léa M\.$/ })
      .waitFor();
    await visitor.presenceNames().filter({ hasText: "Léa M. (you)" }).waitFor();
    expect(await presenceName.inputValue()).toBe("Léa M.");

    await visitor.editCell(1, "Phone", "02 99 99 99 99");
    await panel.getByRole("status").filter({ hasText: "1 change" }).waitFor();
    await panel.getByRole("button", { name: "Send to the moderators", exact: true }).click();
    await visitorPage.getByText("Thank you! Your suggestion #1 was sent to the moderators.").waitFor();
    const queue = await fetch(`${server.url}/api/datasets/${dataset.id}/proposals`, {
      headers: { cookie: owner.cookie },
    });
    const { proposals } = (await queue.json()) as { proposals: { nickname: string | null }[] };
    expect(proposals.map((p) => p.nickname)).toEqual(["Léa M."]);

    // Changed in the presence bar: the next suggestion's name follows.
    await presenceName.fill("Léa Martin");
    await presenceName.press("Enter");
    await visitorPage.getByRole("button", { name: "Suggest more changes", exact: true }).click();
    expect(await panel.getByRole("textbox", { name: "Your name (optional)" }).inputValue()).toBe("Léa Martin");
  });

  it("writes to a French visitor who left their address in French: received, then the decision with the moderator's message and thanks", async () => {
    const server = e2e.server;
    const owner = await createPerson(server, "Modératrice");
    const dataset = await importCsv(server, owner, "Points d’aide", CSV);
    const address = "camille@example.test";

    const visitorPage = await (await e2e.newContext({ locale: "fr-FR" })).newPage();
    const visitor = new DatasetPage(visitorPage);
    await visitor.goto(dataset.id);
    await visitor.waitConnected();
    const suggest = new SuggestPanel(visitorPage);
    await suggest.start();
    await visitor.editCell(0, "Phone", "01 23 45 67 89");
    await (await suggest.form()).getByRole("status").filter({ hasText: "1 modification" }).waitFor();
    await suggest.leaveEmail(address);
    await suggest.send();
    await visitorPage.getByText("Merci ! Votre suggestion n° 1 a été envoyée aux modérateurs.").waitFor();
    const received = await e2e.mailbox.mail(address, 1);
    expect(received.mail.subject).toBe("Votre suggestion n° 1 sur « Points d’aide » a bien été reçue");

    const moderatorContext = await e2e.newContext();
    await signIn(moderatorContext, server, owner);
    const proposals = new ProposalPages(await moderatorContext.newPage());
    await proposals.gotoReview(dataset.id, 1);
    await proposals.change("Phone · Médiathèque Champollion").waitFor();
    await proposals.page
      .getByRole("textbox", { name: "Message to the contributor (optional)" })
      .fill("Merci, le numéro est corrigé <b>sur place</b> aussi.");
    await proposals.button("Accept all").click();
    await proposals.status().filter({ hasText: "Done: 1 accepted, 0 rejected." }).waitFor();

    const decision = await e2e.mailbox.mail(address, 2);
    expect(decision.mail.subject).toBe("Votre suggestion n° 1 sur « Points d’aide » a été acceptée");
    const text = decision.mail.text ?? "";
    expect(text).toContain("Merci ! Les modérateurs de « Points d’aide » ont accepté votre suggestion n° 1");
    expect(text).toContain("Le message des modérateurs : Merci, le numéro est corrigé <b>sur place</b> aussi.");
    expect(decision.mail.html).toContain('<html lang="fr">');
    // The moderator's words are text in the HTML part too, never markup.
    expect(decision.mail.html).toContain("&#60;b&#62;sur place&#60;/b&#62;");
    expect(decision.link).toBe(`${server.url}/datasets/${dataset.id}`);
    expect(e2e.mailbox.count(address)).toBe(2);
  });
});
