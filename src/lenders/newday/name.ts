// NewDay's name as shoppers and operators read it (NewDay NewPay is the product this client speaks to).
export const NEWDAY_NAME = "NewDay NewPay"
