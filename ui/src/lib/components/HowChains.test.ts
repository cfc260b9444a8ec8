import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { PirModel } from "../bindings/PirModel";
import { openEditor, sentEdits } from "./editor-test-kit";

/** Two chains: the second with two steps. */
function twoChains(m: PirModel) {
  const step = (section: number, question: string, answer: string) => ({
    section,
    question,
    answer,
    line: 0,
  });
  m.how_chains = [
    { steps: [step(4, "How did requests fail?", "Timeouts.")] },
    {
      title: "Chain 2: detection",
      steps: [
        step(4, "How was it noticed?", "A customer wrote in."),
        step(4, "How did alerting miss it?", "No alert on error rate."),
      ],
    },
  ];
}

describe("how-chain editor", () => {
  it("shows each chain's steps in order and sends question and answer edits", async () => {
    const user = userEvent.setup();
    const { api, editor } = await openEditor(twoChains);
    const how = within(screen.getByTestId("how-chains"));
    expect(how.getByText("Chain 1")).toBeInTheDocument();
    expect(how.getByText("Chain 2: detection")).toBeInTheDocument();
    const questions = how.getAllByRole("textbox", { name: /^Question/ });
    expect(questions.map((q) => (q as HTMLInputElement).value)).toEqual([
      "How did requests fail?",
      "How was it noticed?",
      "How did alerting miss it?",
    ]);

    const question = how.getByLabelText("Question 2 of chain 2");
    await user.clear(question);
    await user.type(question, "How did the alert stay silent?");
    const answer = how.getByLabelText("Answer 2 of chain 2");
    await user.click(answer);
    // Focusing a step brings its section into the preview.
    expect(editor.focusSection).toBe(4);
    await user.clear(answer);
    await user.type(answer, "The error-rate rule{Enter}was never deployed.");
    // Leaving an answer unchanged sends nothing.
    await user.click(how.getByLabelText("Answer 1 of chain 1"));
    await user.click(how.getByLabelText("Question 1 of chain 1"));
    await waitFor(() => expect(sentEdits(api)).toHaveLength(2));
    expect(sentEdits(api)).toEqual([
      [
        {
          op: "set_how_question",
          chain: 1,
          step: 1,
          text: "How did the alert stay silent?",
        },
      ],
      [
        {
          op: "set_how_answer",
          chain: 1,
          step: 1,
          text: "The error-rate rule\nwas never deployed.",
        },
      ],
    ]);
    expect(editor.model?.how_chains[1].steps[1].question).toBe("How did the alert stay silent?");
  });

  it("says so when Root Causes has no How questions", async () => {
    await openEditor((m) => (m.how_chains = []));
    expect(screen.getByTestId("how-chains")).toHaveTextContent("No “How …?” questions");
  });
});
