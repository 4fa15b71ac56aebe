// GET  /store/financing/flexshopper/verification?cart_id= → the identity quiz (KBA) to show
// POST /store/financing/flexshopper/verification { cart_id, quiz_id, answers: [{question_id, choice_id}] }
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { FLEXSHOPPER_NAME } from "../../../../../lenders/flexshopper"
import { shopperSentence } from "../../../../../provider-kit/shopper-message"
import {
  flexCall,
  flexContext,
  loadCart,
  nextStepFor,
  rememberFlexShopperDecline,
  requireCustomer,
  standingFor,
} from "../support"
import type { FlexCartQueryType, FlexVerificationAnswersType } from "../validators"
import { shopperRoute } from "../../shopper-route"

async function handleGet(req: MedusaRequest, res: MedusaResponse) {
  const { cart_id } = req.validatedQuery as FlexCartQueryType
  const ctx = await flexContext(req)
  await loadCart(req, ctx, cart_id)
  const customer = await requireCustomer(ctx, cart_id)
  // A declined application, a failed identity check or a spending hold is read from Get User Info's
  // documented fields; FlexShopper documents no error code for asking the quiz of such a shopper.
  const me = await flexCall(ctx, { operation: "get-user-info", references: { cart_id } }, () =>
    ctx.client.getUserInfo(customer.token),
  )
  if (nextStepFor(me, customer.applicationCompleted) === "declined") {
    await rememberFlexShopperDecline(ctx, cart_id)
    throw new MedusaError(MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR, shopperSentence(FLEXSHOPPER_NAME, "declined"))
  }
  const quiz = await flexCall(ctx, { operation: "kba-questions", references: { cart_id } }, () =>
    ctx.client.getVerificationQuestions(customer.token),
  )
  res.json({
    quiz: {
      id: quiz.id,
      questions: quiz.questions.map((q) => ({
        id: q.id,
        label: q.label,
        choices: q.choices.map((c) => ({ id: c.id, label: c.label })),
      })),
    },
  })
}

async function handlePost(req: MedusaRequest, res: MedusaResponse) {
  const body = req.validatedBody as FlexVerificationAnswersType
  const ctx = await flexContext(req)
  await loadCart(req, ctx, body.cart_id)
  const customer = await requireCustomer(ctx, body.cart_id)
  const references = { cart_id: body.cart_id }
  await flexCall(ctx, { operation: "kba-answers", references }, () =>
    ctx.client.verifyAnswers(customer.token, {
      id: body.quiz_id,
      answers: body.answers.map((a) => ({ questionId: a.question_id, choiceId: a.choice_id })),
    }),
  )
  const me = await flexCall(ctx, { operation: "get-user-info", references }, () =>
    ctx.client.getUserInfo(customer.token),
  )
  res.json({ customer: await standingFor(ctx, body.cart_id, me, customer.applicationCompleted) })
}

export const GET = shopperRoute(handleGet)
export const POST = shopperRoute(handlePost)
