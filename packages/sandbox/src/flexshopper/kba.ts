// Knowledge-based authentication: GET /v3/users/me/verify-questions hands out a quiz, POST
// /v3/users/me/verify-answers grades it. The answers endpoint is [inferred]; both body shapes the
// spec proposes are accepted: answers as [{questionId, choiceId}] or as {questionId: choiceId}.
import type { Router } from "express"
import type { SimulatorContext } from "../types"
import { asMiddleware, customerCheck, customerOf, merchantCheck } from "./auth"
import { KBA_QUESTIONS } from "./identities"
import type { FlexShopperCollections, Quiz } from "./model"
import { FsError, badRequest, handle, objectBody, requireString, sendData } from "./wire"

const QUIZ_TTL_MS = 10 * 60 * 1000

function readAnswers(raw: unknown): Map<string, string> {
  const answers = new Map<string, string>()
  if (Array.isArray(raw)) {
    raw.forEach((entry, i) => {
      const { questionId, choiceId } = (entry ?? {}) as Record<string, unknown>
      if (typeof questionId !== "string" || typeof choiceId !== "string")
        throw badRequest(`answers[${i}]`, "needs questionId and choiceId")
      answers.set(questionId, choiceId)
    })
  } else if (raw && typeof raw === "object") {
    for (const [questionId, choiceId] of Object.entries(raw)) {
      if (typeof choiceId !== "string") throw badRequest(`answers.${questionId}`, "must be a choice id")
      answers.set(questionId, choiceId)
    }
  } else {
    throw badRequest("answers", "is required")
  }
  return answers
}

export function registerKbaRoutes(router: Router, c: FlexShopperCollections, ctx: SimulatorContext): void {
  const customer = [asMiddleware(merchantCheck(c)), asMiddleware(customerCheck(c, ctx.clock, ctx.ledger))]

  router.get(
    "/v3/users/me/verify-questions",
    ...customer,
    handle((_req, res) => {
      const user = customerOf(res)
      if (user.decision?.status !== "approved")
        throw new FsError(400, "DecisionRequired", "Identity verification follows an approved decision")
      if (user.verificationStatus === "succeeded")
        throw new FsError(409, "AlreadyVerified", "The customer's identity is already verified")
      if (user.verificationStatus === "failed")
        throw new FsError(403, "VerificationFailed", "The customer failed identity verification")
      const quiz: Quiz = {
        id: ctx.store.ids.next("kba"),
        userId: user.id,
        expiresAt: new Date(ctx.clock.nowMs() + QUIZ_TTL_MS).toISOString(),
        questions: KBA_QUESTIONS.map((q) => {
          const choices = q.choices.map((label) => ({ id: ctx.store.ids.next("choice"), label }))
          return {
            id: ctx.store.ids.next("question"),
            label: q.label,
            choices,
            correctChoiceId: choices[q.choices.indexOf(q.correct as never)].id,
          }
        }),
      }
      c.quizzes.set(quiz.id, quiz)
      sendData(res, { id: quiz.id, questions: quiz.questions.map(({ correctChoiceId: _hidden, ...q }) => q) })
    }),
  )

  router.post(
    "/v3/users/me/verify-answers",
    ...customer,
    ctx.body.json(),
    handle((req, res) => {
      const body = objectBody(req)
      const user = customerOf(res)
      const quiz = c.quizzes.get(requireString(body, "id"))
      if (!quiz || quiz.userId !== user.id)
        throw new FsError(404, "QuizNotFound", "No verification quiz with this id for this customer")
      if (quiz.answeredAt) throw new FsError(409, "QuizAlreadyAnswered", "This quiz was already answered")
      if (new Date(quiz.expiresAt).getTime() <= ctx.clock.nowMs())
        throw new FsError(400, "QuizExpired", "The verification quiz expired; ask for new questions")
      const answers = readAnswers(body.answers)
      const missing = quiz.questions.find((q) => !answers.has(q.id))
      if (missing) throw badRequest("answers", `question ${missing.id} is not answered`)
      quiz.answeredAt = ctx.clock.now().toISOString()
      const passed = quiz.questions.every((q) => answers.get(q.id) === q.correctChoiceId)
      user.verificationStatus = passed ? "succeeded" : "failed"
      ctx.ledger.record({ type: "kba.graded", ref: user.id, data: { verificationStatus: user.verificationStatus } })
      sendData(res, { verificationStatus: user.verificationStatus })
    }),
  )
}
